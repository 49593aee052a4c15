import { Alert, Button, Input, Paper, Radio, Stack, Text, Textarea, TextInput, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../shared/api";
import { formatDateTime } from "../../shared/format";
import { QueryErrorAlert } from "../../shared/ui/QueryErrorAlert";
import { useUser } from "../auth/session";

interface Dispute {
  id: string;
  caseId: string;
  reason: string;
  comment: string | null;
  status: string;
  createdAt: string;
}

/** The disputes of a case that wait for the creditor: each with the form to answer it. */
export function DisputeAnswers({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const waiting = useQuery({
    queryKey: ["disputes", caseId, "awaiting_creditor"],
    queryFn: () =>
      api
        .get<{ items: Dispute[] }>("/api/v1/disputes", { query: { caseId, status: "awaiting_creditor" } })
        .then((r) => r.items),
  });
  if (waiting.error) return <QueryErrorAlert error={waiting.error} />;
  if (!waiting.data?.length) return null;
  return (
    <Stack gap="md">
      {waiting.data.map((d) => (
        <DisputeAnswerForm key={d.id} dispute={d} />
      ))}
      <Text size="sm" c="dimmed">
        {t("disputeAnswer.help")}
      </Text>
    </Stack>
  );
}

async function toBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function DisputeAnswerForm({ dispute }: { dispute: Dispute }) {
  const { t, i18n } = useTranslation();
  const user = useUser();
  const queryClient = useQueryClient();
  const headingId = useId();
  const fileId = useId();
  const [decision, setDecision] = useState("reject");
  const [justification, setJustification] = useState("");
  const [credit, setCredit] = useState("");
  const [files, setFiles] = useState<File[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const send = useMutation({
    mutationFn: async () =>
      api.post(`/api/v1/disputes/${dispute.id}/answer`, {
        decision,
        justification: justification.trim() || undefined,
        creditCents: decision === "partial" ? Math.round(Number(credit.replace(",", ".")) * 100) : undefined,
        documents: await Promise.all(
          files.map(async (f) => ({
            filename: f.name,
            contentType: f.type || "application/octet-stream",
            contentBase64: await toBase64(f),
          })),
        ),
      }),
    onSuccess: () =>
      queryClient
        .invalidateQueries({ queryKey: ["disputes", dispute.caseId] })
        .then(() => queryClient.invalidateQueries({ queryKey: ["cases"] })),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (decision === "reject" && justification.trim().length < 10)
      return setProblem(t("disputeAnswer.needJustification"));
    if (decision === "partial" && !(Number(credit.replace(",", ".")) > 0))
      return setProblem(t("disputeAnswer.needCredit"));
    setProblem(null);
    send.mutate();
  };
  const canAnswer = user.role === "creditor_admin";
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={headingId}>
      <Stack gap="sm">
        <Title order={2} size="h3" id={headingId}>
          {t("disputeAnswer.title")}
        </Title>
        <Text>
          {t("disputeAnswer.raised", {
            date: formatDateTime(dispute.createdAt, i18n.language),
            reason: t(`disputeAnswer.reasons.${dispute.reason}`, { defaultValue: dispute.reason }),
          })}
        </Text>
        {dispute.comment ? <Text fs="italic">« {dispute.comment} »</Text> : null}
        {!canAnswer ? <Text size="sm">{t("disputeAnswer.adminOnly")}</Text> : null}
        {canAnswer ? (
          <form onSubmit={submit} noValidate>
            <Stack gap="sm">
              {problem ? (
                <Alert color="red" role="alert">
                  {problem}
                </Alert>
              ) : null}
              {send.error ? <QueryErrorAlert error={send.error} /> : null}
              <Radio.Group label={t("disputeAnswer.decision")} value={decision} onChange={setDecision}>
                <Stack gap={6} mt={6}>
                  {(["reject", "accept", "partial"] as const).map((d) => (
                    <Radio key={d} value={d} label={t(`disputeAnswer.decisions.${d}`)} />
                  ))}
                </Stack>
              </Radio.Group>
              <Textarea
                label={t("disputeAnswer.justification")}
                value={justification}
                onChange={(e) => setJustification(e.currentTarget.value)}
                autosize
                minRows={3}
                maxLength={4000}
              />
              {decision === "partial" ? (
                <TextInput
                  label={t("disputeAnswer.credit")}
                  inputMode="decimal"
                  value={credit}
                  onChange={(e) => setCredit(e.currentTarget.value)}
                />
              ) : null}
              <Input.Wrapper label={t("disputeAnswer.proof")} labelElement="label" id={fileId}>
                <input
                  id={fileId}
                  type="file"
                  multiple
                  accept="application/pdf,image/png,image/jpeg,text/plain,application/xml"
                  onChange={(e) => setFiles(Array.from(e.currentTarget.files ?? []))}
                />
              </Input.Wrapper>
              <Button type="submit" loading={send.isPending} style={{ alignSelf: "flex-start" }}>
                {t("disputeAnswer.submit")}
              </Button>
            </Stack>
          </form>
        ) : null}
      </Stack>
    </Paper>
  );
}
