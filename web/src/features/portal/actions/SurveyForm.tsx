import { Radio, Stack, Textarea } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { portalPost } from "../queries";
import { ActionForm } from "./ActionForm";
import type { ActionProps } from "./types";

const REASONS = [
  "forgot",
  "cash_flow",
  "job_loss_or_illness",
  "invoice_not_received",
  "disagreement",
  "waiting_for_customer_payment",
  "other",
] as const;

/** Why the payment is late: one short question whose answers feed reporting. */
export function SurveyForm({ token, session, onDone, onCancel }: ActionProps) {
  const { t } = useTranslation();
  const [reason, setReason] = useState("");
  const [comment, setComment] = useState("");
  const [problem, setProblem] = useState<string | null>(null);

  const survey = useMutation({
    mutationFn: () =>
      portalPost<{ answerId: string }>(token, session, "/survey", {
        reason,
        comment: comment.trim() || undefined,
      }),
    onSuccess: () => onDone({ kind: "survey" }),
  });

  return (
    <ActionForm
      title={t("portal.survey.title")}
      intro={t("portal.survey.intro")}
      submitLabel={t("portal.survey.submit")}
      onSubmit={() => {
        if (!reason) return setProblem(t("portal.survey.missing"));
        setProblem(null);
        survey.mutate();
      }}
      onCancel={onCancel}
      pending={survey.isPending}
      problem={problem}
      error={survey.error}
    >
      <Radio.Group label={t("portal.survey.question")} value={reason} onChange={setReason} required>
        <Stack gap="xs" mt="xs">
          {REASONS.map((r) => (
            <Radio key={r} value={r} label={t(`portal.survey.reasons.${r}`)} />
          ))}
        </Stack>
      </Radio.Group>
      <Textarea
        size="md"
        label={t("portal.survey.comment")}
        value={comment}
        onChange={(e) => setComment(e.currentTarget.value)}
        autosize
        minRows={2}
        maxLength={1000}
      />
    </ActionForm>
  );
}
