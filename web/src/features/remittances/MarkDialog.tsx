import { Alert, Button, Group, Modal, Stack, Textarea, TextInput } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { isApiError } from "../../shared/api";
import { QueryErrorAlert } from "../../shared/ui/QueryErrorAlert";
import { type Mark, type MarkTarget, markTarget, REMITTANCES_KEY } from "./queries";

export type MarkKind = "sent" | "paid" | "rejected" | "returned";

export interface MarkRequest {
  target: MarkTarget;
  kind: MarkKind;
}

const today = () => new Date().toISOString().slice(0, 10);

/** Records one step at the bank for a remittance or a whole run; paid asks the date, rejected the reason. */
export function useMarkRemittance(onDone: (references: string[]) => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ target, mark }: { target: MarkTarget; mark: Mark }) => markTarget(target, mark),
    onSuccess: async (result) => {
      onDone(result.items.map((i) => i.reference));
      await queryClient.invalidateQueries({ queryKey: REMITTANCES_KEY });
    },
  });
}

/** A refused mark: a move the transfer's state no longer allows is said plainly. */
export function MarkError({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!error) return null;
  if (!isApiError(error, "invalid_transition")) return <QueryErrorAlert error={error} />;
  return (
    <Alert color="red" role="alert">
      {t("remittances.mark.invalid")}
    </Alert>
  );
}

export function MarkDialog({
  request,
  onClose,
  onDone,
}: {
  request: MarkRequest | null;
  onClose: () => void;
  onDone: (references: string[]) => void;
}) {
  const { t } = useTranslation();
  const [executedOn, setExecutedOn] = useState(today());
  const [reason, setReason] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const mark = useMarkRemittance((refs) => {
    onDone(refs);
    onClose();
  });
  const { reset } = mark;
  useEffect(() => {
    if (!request) return;
    setExecutedOn(today());
    setReason("");
    setProblem(null);
    reset();
  }, [request, reset]);
  if (!request) return null;
  const asksDate = request.kind === "paid";
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (asksDate && !(/^\d{4}-\d{2}-\d{2}$/.test(executedOn) && executedOn <= today()))
      return setProblem(t("remittances.mark.needDate"));
    if (!asksDate && reason.trim() === "") return setProblem(t("remittances.mark.needReason"));
    setProblem(null);
    mark.mutate({
      target: request.target,
      mark: asksDate ? { status: "paid", executedOn } : { status: "rejected", reason: reason.trim() },
    });
  };
  return (
    <Modal
      opened
      onClose={onClose}
      title={t(`remittances.mark.${request.kind}Of`, { reference: request.target.reference })}
      closeButtonProps={{ "aria-label": t("common.close") }}
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          {problem ? (
            <Alert color="red" role="alert">
              {problem}
            </Alert>
          ) : null}
          <MarkError error={mark.error} />
          {asksDate ? (
            <TextInput
              type="date"
              label={t("remittances.mark.executedOn")}
              value={executedOn}
              max={today()}
              onChange={(e) => setExecutedOn(e.currentTarget.value)}
              required
            />
          ) : (
            <Textarea
              label={t("remittances.mark.reason")}
              description={t("remittances.mark.reasonHelp")}
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              maxLength={500}
              autosize
              minRows={2}
              required
            />
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t("remittances.mark.cancel")}
            </Button>
            <Button type="submit" loading={mark.isPending}>
              {t("remittances.mark.confirm")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
