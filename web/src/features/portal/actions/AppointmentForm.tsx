import { Loader, NativeSelect, Text, Textarea, TextInput } from "@mantine/core";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../../shared/api";
import { intlLocale } from "../../../shared/format";
import { portalPost } from "../queries";
import { PORTAL_SESSION_HEADER } from "../session";
import { ActionForm } from "./ActionForm";
import type { ActionProps } from "./types";

interface Slots {
  timeZone: string;
  slots: { startsAt: string; endsAt: string }[];
}

const CHANNELS = ["phone", "visio"] as const;

/** A meeting with an agent in one of the agency's free slots (the agents' own calendars). */
export function AppointmentForm({ token, session, onDone, onCancel }: ActionProps) {
  const { t, i18n } = useTranslation();
  const locale = intlLocale(i18n.resolvedLanguage ?? "fr");
  const slots = useQuery({
    queryKey: ["portal", token, "appointment-slots", session],
    queryFn: ({ signal }) =>
      api.get<Slots>(`/api/portal/${encodeURIComponent(token)}/appointment-slots?days=14`, {
        signal,
        redirectOn401: false,
        headers: { [PORTAL_SESSION_HEADER]: session },
      }),
  });
  const zone = slots.data?.timeZone ?? "Europe/Paris";
  const days = useMemo(() => groupByDay(slots.data?.slots ?? [], zone), [slots.data, zone]);
  const [day, setDay] = useState("");
  const [startsAt, setStartsAt] = useState("");
  const [channel, setChannel] = useState<string>("phone");
  const [phone, setPhone] = useState("");
  const [note, setNote] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const chosenDay = day || days[0]?.key || "";
  const times = days.find((d) => d.key === chosenDay)?.slots ?? [];
  const chosen =
    startsAt && times.some((s) => s.startsAt === startsAt) ? startsAt : (times[0]?.startsAt ?? "");
  const fmt = (iso: string, opts: Intl.DateTimeFormatOptions) =>
    new Intl.DateTimeFormat(locale, { timeZone: zone, ...opts }).format(new Date(iso));

  const book = useMutation({
    mutationFn: () =>
      portalPost<{ appointmentId: string; startsAt: string }>(token, session, "/appointments", {
        startsAt: chosen,
        channel,
        phone: phone.trim() || undefined,
        note: note.trim() || undefined,
      }),
    onSuccess: (b) =>
      onDone({ kind: "appointment", when: fmt(b.startsAt, { dateStyle: "full", timeStyle: "short" }) }),
    onError: () => slots.refetch(),
  });

  const submit = () => {
    if (!chosen) return setProblem(t("portalAppointment.pickSlot"));
    setProblem(null);
    book.mutate();
  };

  return (
    <ActionForm
      title={t("portalAppointment.title")}
      intro={t("portalAppointment.intro")}
      submitLabel={t("portalAppointment.submit")}
      onSubmit={submit}
      onCancel={onCancel}
      pending={book.isPending}
      problem={problem}
      error={book.error}
    >
      {slots.isPending ? <Loader size="sm" aria-label={t("common.loading")} /> : null}
      {slots.data && days.length === 0 ? <Text>{t("portalAppointment.none")}</Text> : null}
      {days.length > 0 ? (
        <>
          <NativeSelect
            size="md"
            label={t("portalAppointment.day")}
            value={chosenDay}
            onChange={(e) => setDay(e.currentTarget.value)}
            data={days.map((d) => ({
              value: d.key,
              label: fmt(d.slots[0]!.startsAt, { dateStyle: "full" }),
            }))}
          />
          <NativeSelect
            size="md"
            label={t("portalAppointment.time")}
            value={chosen}
            onChange={(e) => setStartsAt(e.currentTarget.value)}
            data={times.map((s) => ({ value: s.startsAt, label: fmt(s.startsAt, { timeStyle: "short" }) }))}
          />
          <NativeSelect
            size="md"
            label={t("portalAppointment.channel")}
            value={channel}
            onChange={(e) => setChannel(e.currentTarget.value)}
            data={CHANNELS.map((c) => ({ value: c, label: t(`portalAppointment.channels.${c}`) }))}
          />
          <TextInput
            size="md"
            type="tel"
            label={t("portalAppointment.phone")}
            description={t("portalAppointment.phoneHelp")}
            value={phone}
            onChange={(e) => setPhone(e.currentTarget.value)}
            autoComplete="tel"
          />
          <Textarea
            size="md"
            label={t("portalAppointment.note")}
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
            autosize
            minRows={2}
            maxLength={1000}
          />
        </>
      ) : null}
    </ActionForm>
  );
}

function groupByDay(slots: Slots["slots"], timeZone: string) {
  const key = new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  });
  const days: { key: string; slots: Slots["slots"] }[] = [];
  for (const s of slots) {
    const k = key.format(new Date(s.startsAt));
    const last = days.at(-1);
    if (last?.key === k) last.slots.push(s);
    else days.push({ key: k, slots: [s] });
  }
  return days;
}
