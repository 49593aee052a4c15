import { Anchor, Badge, Card, Group, ScrollArea, SimpleGrid, Stack, Text } from "@mantine/core";
import { useInterval } from "@mantine/hooks";
import { useQuery } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { useEffect, useLayoutEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { EmptyPanel } from "../../shared/ui/EmptyPanel";
import { QueryErrorAlert } from "../../shared/ui/QueryErrorAlert";
import { PageLoader } from "../../shared/ui/RouteStates";
import { type ActiveCall, liveCallsQuery } from "./queries";

function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  const interval = useInterval(() => setNow(Date.now()), 1000);
  useEffect(() => {
    interval.start();
    return interval.stop;
  }, [interval.start, interval.stop]);
  return now;
}

function duration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

/** The calls in progress, each with its transcript as it is said. */
export function ActiveCalls() {
  const { t } = useTranslation();
  const query = useQuery(liveCallsQuery);
  const now = useNow();
  if (query.isPending) return <PageLoader />;
  if (query.isError) return <QueryErrorAlert error={query.error} onRetry={() => void query.refetch()} />;
  const calls = query.data.items;
  if (calls.length === 0)
    return <EmptyPanel title={t("live.calls.empty")} description={t("live.calls.emptyHint")} />;
  return (
    <SimpleGrid cols={{ base: 1, lg: 2 }}>
      {calls.map((call) => (
        <CallCard key={call.callId} call={call} now={now} />
      ))}
    </SimpleGrid>
  );
}

function CallCard({ call, now }: { call: ActiveCall; now: number }) {
  const { t } = useTranslation();
  const since = Date.parse(call.answeredAt ?? call.startedAt);
  // The transcript only grows: a line's place in it is its identity.
  const lines = call.transcript.map((l, place) => ({ ...l, place })).filter((l) => l.speaker !== "system");
  const titleId = `call-${call.callId}`;
  const viewport = useRef<HTMLDivElement>(null);
  const following = useRef(true);
  // Follow the conversation as it grows, unless the agent scrolled up to read an earlier line.
  useLayoutEffect(() => {
    const el = viewport.current;
    if (el && following.current && lines.length > 0) el.scrollTop = el.scrollHeight;
  }, [lines.length]);
  const onScroll = () => {
    const el = viewport.current;
    if (el) following.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
  };
  return (
    <Card withBorder component="section" aria-labelledby={titleId}>
      <Group justify="space-between" mb="xs" wrap="nowrap">
        <Stack gap={0}>
          <Text fw={700} id={titleId} component="h2" size="md" m={0}>
            {t("live.calls.title", {
              persona: call.persona.name,
              debtor: call.debtorFirstName ?? t("live.calls.unknownDebtor"),
            })}
          </Text>
          <Text size="sm" c="dimmed">
            <Anchor
              size="sm"
              renderRoot={(props) => (
                <Link to="/backoffice/cases/$caseId" params={{ caseId: call.caseId }} {...props} />
              )}
            >
              {call.caseReference}
            </Anchor>{" "}
            · {call.creditorName}
          </Text>
        </Stack>
        <Badge
          variant="light"
          color="navy"
          aria-label={t("live.calls.duration", { duration: duration(now - since) })}
        >
          {duration(now - since)}
        </Badge>
      </Group>
      <ScrollArea.Autosize mah={280} type="auto" viewportRef={viewport} onScrollPositionChange={onScroll}>
        <Stack gap={4} role="log" aria-live="polite" aria-label={t("live.calls.transcript")}>
          {lines.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t("live.calls.ringing")}
            </Text>
          ) : (
            lines.map((line) => (
              <Text key={line.place} size="sm">
                <Text span fw={600}>
                  {t("live.calls.speaker", {
                    name: line.speaker === "agent" ? call.persona.name : t("live.calls.debtor"),
                  })}
                </Text>{" "}
                {line.text}
              </Text>
            ))
          )}
        </Stack>
      </ScrollArea.Autosize>
    </Card>
  );
}
