import { Checkbox, FileInput, NativeSelect, Stack, Textarea } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { portalPost } from "../queries";
import { ActionForm } from "./ActionForm";
import type { ActionProps } from "./types";

const REASONS = [
  "already_paid",
  "not_received",
  "defective",
  "wrong_amount",
  "not_my_debt",
  "other",
] as const;
const TYPES = ["application/pdf", "image/png", "image/jpeg", "text/plain"] as const;
const MAX_FILES = 5;
const MAX_BYTES = 5 * 1024 * 1024;

function toBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ""));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

/** The debtor disputes all or some invoices, says why and may attach documents; collection stops. */
export function DisputeForm({ token, session, data, onDone, onCancel }: ActionProps) {
  const { t } = useTranslation();
  const [reason, setReason] = useState<string>("");
  const [comment, setComment] = useState("");
  const [claimIds, setClaimIds] = useState<string[]>([]);
  const [files, setFiles] = useState<File[]>([]);
  const [problem, setProblem] = useState<string | null>(null);

  const dispute = useMutation({
    mutationFn: async () =>
      portalPost<{ disputeId: string }>(token, session, "/dispute", {
        reason,
        comment: comment.trim() || undefined,
        claimIds,
        files: await Promise.all(
          files.map(async (f) => ({
            filename: f.name,
            contentType: f.type,
            contentBase64: await toBase64(f),
          })),
        ),
      }),
    onSuccess: () => onDone({ kind: "dispute" }),
  });

  const submit = () => {
    if (!reason) return setProblem(t("portal.dispute.reasonMissing"));
    if (reason === "other" && !comment.trim()) return setProblem(t("portal.dispute.commentMissing"));
    if (files.length > MAX_FILES) return setProblem(t("portal.dispute.tooMany", { count: MAX_FILES }));
    if (files.some((f) => !(TYPES as readonly string[]).includes(f.type) || f.size > MAX_BYTES))
      return setProblem(t("portal.dispute.badFile"));
    setProblem(null);
    dispute.mutate();
  };

  return (
    <ActionForm
      title={t("portal.dispute.title")}
      intro={t("portal.dispute.intro")}
      submitLabel={t("portal.dispute.submit")}
      onSubmit={submit}
      onCancel={onCancel}
      pending={dispute.isPending}
      problem={problem}
      error={dispute.error}
    >
      <NativeSelect
        size="md"
        label={t("portal.dispute.reason")}
        value={reason}
        onChange={(e) => setReason(e.currentTarget.value)}
        data={[
          { value: "", label: t("portal.dispute.choose") },
          ...REASONS.map((r) => ({ value: r, label: t(`portal.dispute.reasons.${r}`) })),
        ]}
        required
      />
      {data.claims.length > 1 ? (
        <Checkbox.Group
          label={t("portal.dispute.invoices")}
          description={t("portal.dispute.invoicesHelp")}
          value={claimIds}
          onChange={setClaimIds}
        >
          <Stack gap="xs" mt="xs">
            {data.claims.map((c) => (
              <Checkbox key={c.id} value={c.id} label={t("portal.case.invoice", { number: c.number })} />
            ))}
          </Stack>
        </Checkbox.Group>
      ) : null}
      <Textarea
        size="md"
        label={t("portal.dispute.comment")}
        value={comment}
        onChange={(e) => setComment(e.currentTarget.value)}
        autosize
        minRows={3}
        maxLength={4000}
      />
      <FileInput
        size="md"
        multiple
        clearable
        clearButtonProps={{ "aria-label": t("portal.dispute.clearFiles") }}
        label={t("portal.dispute.files")}
        description={t("portal.dispute.filesHelp", { count: MAX_FILES })}
        placeholder={t("portal.dispute.filesPlaceholder")}
        accept={TYPES.join(",")}
        value={files}
        onChange={setFiles}
      />
    </ActionForm>
  );
}
