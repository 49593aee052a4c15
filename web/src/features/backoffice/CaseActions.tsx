import {
  Alert,
  Button,
  Checkbox,
  Group,
  Modal,
  NativeSelect,
  NumberInput,
  Paper,
  Stack,
  Textarea,
  TextInput,
} from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, isApiError } from "../../shared/api";
import { errorMessage } from "../../shared/ui/error-message";
import { useUser } from "../auth/session";
import type { CaseDetail } from "../cases/types";
import { agentsQuery } from "./api";

// The back office's actions on a case. Each goes to a real endpoint, which writes the case change and
// its timeline event in one transaction; the page then reloads the case to show the new event.

const HOLD_REASONS = [
  "agent_decision",
  "appointment",
  "promise",
  "payment_plan",
  "dispute",
  "creditor_request",
  "payment_verification",
  "insolvency",
] as const;
const CLOSE_REASONS = [
  "paid_in_full",
  "settled",
  "withdrawn_by_creditor",
  "dispute_upheld",
  "uncollectable",
  "debtor_deceased",
  "duplicate",
  "insolvency",
  "prescribed",
  "handed_to_judicial_partner",
] as const;
const CALL_OUTCOMES = [
  "reached",
  "no_answer",
  "voicemail",
  "wrong_number",
  "refused",
  "callback_requested",
] as const;

type Mode = "note" | "call" | "hold" | "release" | "assign" | "escalate" | "close" | "reopen";

const NEXT_PHASE: Record<string, "pre_litigation" | "judicial" | undefined> = {
  amicable: "pre_litigation",
  pre_litigation: "judicial",
};

export function CaseActions({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const user = useUser();
  const queryClient = useQueryClient();
  const agents = useQuery(agentsQuery);
  const [mode, setMode] = useState<Mode | null>(null);
  // The dialog keeps its title while it closes, so it is never an unnamed dialog.
  const [shown, setShown] = useState<Mode>("note");
  const [text, setText] = useState("");
  const [share, setShare] = useState(false);
  const [reason, setReason] = useState("");
  const [until, setUntil] = useState("");
  const [minutes, setMinutes] = useState<number | string>(0);
  const [agentId, setAgentId] = useState("");
  const base = `/api/agency/cases/${detail.id}`;
  const closed = detail.status === "closed";
  const next = NEXT_PHASE[detail.phase];

  const open = (m: Mode) => {
    setMode(m);
    setShown(m);
    setText("");
    setShare(false);
    setUntil("");
    setMinutes(0);
    setReason(
      m === "hold"
        ? HOLD_REASONS[0]
        : m === "close"
          ? CLOSE_REASONS[0]
          : m === "call"
            ? CALL_OUTCOMES[0]
            : "",
    );
    setAgentId(detail.assignedAgentId ?? "");
    action.reset();
  };

  const action = useMutation({
    mutationFn: async (m: Mode) => {
      const note = text.trim() || undefined;
      switch (m) {
        case "note":
          return api.post(`${base}/notes`, { text, visibleToCreditor: share });
        case "call":
          return api.post(`${base}/calls`, {
            outcome: reason,
            durationSeconds: Math.round(Number(minutes || 0) * 60),
            note,
          });
        case "hold":
          return api.post(`${base}/transitions`, {
            type: "hold",
            reason,
            until: until ? new Date(until).toISOString() : null,
            note,
          });
        case "close":
          return api.post(`${base}/transitions`, { type: "close", reason, note });
        case "escalate":
          return api.post(`${base}/transitions`, { type: "escalate", to: next, note });
        case "release":
        case "reopen":
          return api.post(`${base}/transitions`, { type: m, note });
        case "assign":
          return api.post(`${base}/assign`, { agentId: agentId || null });
      }
    },
    onSuccess: async () => {
      setMode(null);
      await queryClient.invalidateQueries({ queryKey: ["cases"] });
      await queryClient.invalidateQueries({ queryKey: ["work-queue"] });
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (mode === "note" && !text.trim()) return;
    if (mode) action.mutate(mode);
  };

  const reasonSelect = (
    list: readonly string[],
    prefix: "case.holdReason" | "case.closedReason" | "callOutcome",
    label: string,
  ) => (
    <NativeSelect
      label={label}
      value={reason}
      onChange={(e) => setReason(e.currentTarget.value)}
      data={list.map((value) => ({ value, label: t(`${prefix}.${value}` as "case.holdReason.dispute") }))}
    />
  );
  const noteField = (
    <Textarea
      label={mode === "note" ? t("actions.noteText") : t("actions.optionalNote")}
      value={text}
      onChange={(e) => setText(e.currentTarget.value)}
      autosize
      minRows={3}
      required={mode === "note"}
    />
  );

  return (
    <Paper withBorder p="md" component="section" aria-label={t("actions.title")}>
      <Group gap="xs" wrap="wrap">
        <Button size="xs" onClick={() => open("note")}>
          {t("actions.note")}
        </Button>
        <Button size="xs" onClick={() => open("call")}>
          {t("actions.call")}
        </Button>
        {!closed ? (
          <Button size="xs" variant="default" onClick={() => open("hold")}>
            {t("actions.hold")}
          </Button>
        ) : null}
        {detail.status === "on_hold" ? (
          <Button size="xs" variant="default" onClick={() => open("release")}>
            {t("actions.release")}
          </Button>
        ) : null}
        <Button size="xs" variant="default" onClick={() => open("assign")}>
          {t("actions.assign")}
        </Button>
        {!closed && next ? (
          <Button size="xs" variant="default" onClick={() => open("escalate")}>
            {t("actions.escalate")}
          </Button>
        ) : null}
        {!closed ? (
          <Button size="xs" variant="default" color="red" onClick={() => open("close")}>
            {t("actions.close")}
          </Button>
        ) : (
          <Button size="xs" variant="default" onClick={() => open("reopen")}>
            {t("actions.reopen")}
          </Button>
        )}
      </Group>
      <Modal
        opened={mode !== null}
        onClose={() => setMode(null)}
        title={t(`actions.${shown}`)}
        closeButtonProps={{ "aria-label": t("common.close") }}
      >
        <form onSubmit={submit}>
          <Stack gap="sm">
            {mode === "call" ? (
              <>
                {reasonSelect(CALL_OUTCOMES, "callOutcome", t("actions.outcome"))}
                <NumberInput label={t("actions.minutes")} min={0} value={minutes} onChange={setMinutes} />
              </>
            ) : null}
            {mode === "hold" ? (
              <>
                {reasonSelect(HOLD_REASONS, "case.holdReason", t("actions.reason"))}
                <TextInput
                  type="datetime-local"
                  label={t("actions.until")}
                  description={t("actions.untilHint")}
                  value={until}
                  onChange={(e) => setUntil(e.currentTarget.value)}
                />
              </>
            ) : null}
            {mode === "close" ? reasonSelect(CLOSE_REASONS, "case.closedReason", t("actions.reason")) : null}
            {mode === "escalate" && next ? (
              <Alert color="orange">{t("actions.escalateTo", { phase: t(`case.phase.${next}`) })}</Alert>
            ) : null}
            {mode === "assign" ? (
              <NativeSelect
                label={t("actions.agent")}
                value={agentId}
                onChange={(e) => setAgentId(e.currentTarget.value)}
                data={[
                  { value: "", label: t("queue.unassigned") },
                  ...(agents.data ?? [])
                    .filter((a) => user.role !== "agent" || a.id === user.id)
                    .map((a) => ({ value: a.id, label: a.name })),
                ]}
              />
            ) : null}
            {mode && mode !== "assign" ? noteField : null}
            {mode === "note" ? (
              <Checkbox
                label={t("actions.share")}
                checked={share}
                onChange={(e) => setShare(e.currentTarget.checked)}
              />
            ) : null}
            {action.isError ? (
              <Alert color="red" role="alert">
                {isApiError(action.error, "invalid_transition")
                  ? t("actions.invalidTransition")
                  : errorMessage(t, action.error)}
              </Alert>
            ) : null}
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setMode(null)}>
                {t("actions.cancel")}
              </Button>
              <Button type="submit" loading={action.isPending}>
                {t("actions.confirm")}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </Paper>
  );
}
