import { NativeSelect, Textarea, TextInput } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { todayIso } from "../money-input";
import { portalPost } from "../queries";
import { ActionForm } from "./ActionForm";
import type { ActionProps } from "./types";

const SLOTS = ["any", "morning", "afternoon", "evening"] as const;

/** A call back from an agent, at a moment of the debtor's choosing; reminders wait for the call. */
export function CallbackForm({ token, session, onDone, onCancel }: ActionProps) {
  const { t } = useTranslation();
  const [phone, setPhone] = useState("");
  const [day, setDay] = useState("");
  const [slot, setSlot] = useState<string>("any");
  const [note, setNote] = useState("");
  const [problem, setProblem] = useState<string | null>(null);

  const callback = useMutation({
    mutationFn: () =>
      portalPost<{ callbackId: string }>(token, session, "/callback", {
        phone: phone.trim() || undefined,
        // A chosen day means "from 9 a.m. that day" in the debtor's own time; the slot narrows it.
        preferredAt: day ? new Date(`${day}T09:00:00`).toISOString() : undefined,
        slot,
        note: note.trim() || undefined,
      }),
    onSuccess: () => onDone({ kind: "callback" }),
  });

  const submit = () => {
    if (day && day < todayIso()) return setProblem(t("portal.callback.pastDay"));
    setProblem(null);
    callback.mutate();
  };

  return (
    <ActionForm
      title={t("portal.callback.title")}
      intro={t("portal.callback.intro")}
      submitLabel={t("portal.callback.submit")}
      onSubmit={submit}
      onCancel={onCancel}
      pending={callback.isPending}
      problem={problem}
      error={callback.error}
    >
      <TextInput
        size="md"
        type="tel"
        label={t("portal.callback.phone")}
        description={t("portal.callback.phoneHelp")}
        value={phone}
        onChange={(e) => setPhone(e.currentTarget.value)}
        autoComplete="tel"
      />
      <TextInput
        size="md"
        type="date"
        label={t("portal.callback.day")}
        min={todayIso()}
        value={day}
        onChange={(e) => setDay(e.currentTarget.value)}
      />
      <NativeSelect
        size="md"
        label={t("portal.callback.slot")}
        value={slot}
        onChange={(e) => setSlot(e.currentTarget.value)}
        data={SLOTS.map((s) => ({ value: s, label: t(`portal.callback.slots.${s}`) }))}
      />
      <Textarea
        size="md"
        label={t("portal.callback.note")}
        value={note}
        onChange={(e) => setNote(e.currentTarget.value)}
        autosize
        minRows={2}
        maxLength={1000}
      />
    </ActionForm>
  );
}
