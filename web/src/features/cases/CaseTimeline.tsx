import { Button, Text, Timeline } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { formatDateTime } from "../../shared/format";
import { translateOpen } from "../../shared/i18n";
import type { TimelineEvent } from "./types";

function field(data: Record<string, unknown>, key: string): string | null {
  const value = data[key];
  return typeof value === "string" && value ? value : null;
}

function stateOf(value: unknown): { phase?: string; status?: string } | null {
  return value && typeof value === "object" ? (value as { phase?: string; status?: string }) : null;
}

/** The facts an event carries that a reader cares about, as short translated lines. */
function useEventLines(event: TimelineEvent): string[] {
  const { t, i18n } = useTranslation();
  const lines: string[] = [];
  const from = stateOf(event.data.from);
  const to = stateOf(event.data.to);
  // The first action planned when a case starts carries the start itself (the scheduler writes one event).
  if (event.type === "action.planned" && from?.status === "new") lines.push(t("timeline.started"));
  if (from?.phase && to?.phase && from.phase !== to.phase) {
    lines.push(
      t("timeline.phaseChange", {
        from: translateOpen("case.phase", from.phase),
        to: translateOpen("case.phase", to.phase),
      }),
    );
  }
  if (from?.status && to?.status && from.status !== to.status) {
    lines.push(
      t("timeline.statusChange", {
        from: translateOpen("case.status", from.status),
        to: translateOpen("case.status", to.status),
      }),
    );
  }
  const holdReason = field(event.data, "holdReason");
  if (holdReason) {
    const until = field(event.data, "holdUntil");
    lines.push(
      until
        ? t("timeline.holdUntil", {
            reason: translateOpen("case.holdReason", holdReason),
            until: formatDateTime(until, i18n.language),
          })
        : t("timeline.hold", { reason: translateOpen("case.holdReason", holdReason) }),
    );
  }
  const closedReason = field(event.data, "closedReason");
  if (closedReason)
    lines.push(t("timeline.closed", { reason: translateOpen("case.closedReason", closedReason) }));
  if (event.type === "case.created" && typeof event.data.claims === "number") {
    lines.push(t("timeline.claims", { count: event.data.claims }));
  }
  if (event.type === "call.logged") {
    const outcome = field(event.data, "outcome");
    if (outcome) lines.push(t("timeline.callOutcome", { outcome: translateOpen("callOutcome", outcome) }));
    if (typeof event.data.durationSeconds === "number" && event.data.durationSeconds > 0) {
      lines.push(
        t("timeline.duration", { minutes: Math.max(1, Math.round(event.data.durationSeconds / 60)) }),
      );
    }
  }
  const channel = field(event.data, "channel");
  if (channel && event.type.startsWith("action.")) {
    const template = field(event.data, "template");
    lines.push(`${translateOpen("channel", channel)}${template ? ` · ${template}` : ""}`);
  }
  const filename = field(event.data, "filename");
  if (filename) lines.push(filename);
  const agentId = event.type === "case.assigned" ? event.data.agentId : undefined;
  if (event.type === "case.assigned" && agentId === null) lines.push(t("timeline.unassigned"));
  const note = field(event.data, "note");
  if (note) lines.push(t("timeline.note", { note }));
  return lines;
}

const MESSAGE_CHANNELS = new Set(["email", "sms", "letter", "registered_letter"]);

/** What a row links to: the message the sandbox received, or the document in the PDF viewer. */
export interface TimelineLinks {
  openMessage?: (outboxId: string) => void;
  openDocument?: (documentId: string, filename: string) => void;
}

function EventLinks({ event, links }: { event: TimelineEvent; links: TimelineLinks }) {
  const { t } = useTranslation();
  const outboxId = field(event.data, "outboxId");
  const channel = field(event.data, "channel");
  if (
    event.type === "action.sent" &&
    outboxId &&
    channel &&
    MESSAGE_CHANNELS.has(channel) &&
    links.openMessage
  ) {
    const open = links.openMessage;
    return (
      <Button size="compact-xs" variant="subtle" px={0} onClick={() => open(outboxId)}>
        {t("timeline.viewMessage")}
      </Button>
    );
  }
  const documentId = field(event.data, "documentId");
  const filename = field(event.data, "filename");
  if (event.type === "document.attached" && documentId && links.openDocument) {
    const open = links.openDocument;
    return (
      <Button size="compact-xs" variant="subtle" px={0} onClick={() => open(documentId, filename ?? "")}>
        {t("timeline.openDocument")}
      </Button>
    );
  }
  return null;
}

function EventItemBody({ event, links }: { event: TimelineEvent; links: TimelineLinks }) {
  const { i18n } = useTranslation();
  const lines = useEventLines(event);
  return (
    <>
      <Text size="sm" c="dimmed">
        <time dateTime={event.at}>{formatDateTime(event.at, i18n.language)}</time>
        {event.actor ? ` · ${translateOpen("timeline.actor", event.actor.type)}` : ""}
      </Text>
      {lines.map((line) => (
        <Text size="sm" key={line}>
          {line}
        </Text>
      ))}
      <EventLinks event={event} links={links} />
    </>
  );
}

/** Newest first: the reader comes for what happened last. */
export function CaseTimeline({ events, links = {} }: { events: TimelineEvent[]; links?: TimelineLinks }) {
  const { t } = useTranslation();
  if (events.length === 0) return <Text c="dimmed">{t("timeline.empty")}</Text>;
  const ordered = [...events].reverse();
  return (
    <Timeline bulletSize={12} lineWidth={2} active={-1} role="list" aria-label={t("caseDetail.timeline")}>
      {ordered.map((event) => (
        <Timeline.Item key={event.id} role="listitem" title={translateOpen("timeline.type", event.type)}>
          <EventItemBody event={event} links={links} />
        </Timeline.Item>
      ))}
    </Timeline>
  );
}
