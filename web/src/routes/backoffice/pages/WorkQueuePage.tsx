import { Anchor, Button, Group, Kbd, NativeSelect, NumberInput, Stack, Table, Text } from "@mantine/core";
import { keepPreviousData, useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { Link, useNavigate } from "@tanstack/react-router";
import { type ReactNode, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import {
  agentsQuery,
  creditorsQuery,
  type QueueFilters,
  workQueueQuery,
} from "../../../features/backoffice/api";
import { PhaseBadge, StatusLabel, UnreadMessagesBadge } from "../../../features/cases/CaseBadges";
import { PHASES } from "../../../features/cases/types";
import { formatMoney } from "../../../shared/format";
import { EmptyPanel } from "../../../shared/ui/EmptyPanel";
import { PageHeader } from "../../../shared/ui/PageHeader";
import { QueryErrorAlert } from "../../../shared/ui/QueryErrorAlert";
import { PageLoader } from "../../../shared/ui/RouteStates";

const HOLDS = [
  "any",
  "none",
  "on_hold",
  "promise",
  "payment_plan",
  "dispute",
  "appointment",
  "agent_decision",
];

/** Keys typed in a form field belong to the field, not to the queue. */
function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName);
}

const euros = (value: string | number) => (value === "" ? undefined : Math.round(Number(value) * 100));
const whole = (value: string | number) => (value === "" ? undefined : Number(value));

export function WorkQueuePage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const [filters, setFilters] = useState<QueueFilters>({ hold: "any" });
  const [selected, setSelected] = useState(0);
  const rows = useRef<(HTMLTableRowElement | null)[]>([]);
  const creditors = useQuery(creditorsQuery);
  const agents = useQuery(agentsQuery);
  const query = useInfiniteQuery({ ...workQueueQuery(filters), placeholderData: keepPreviousData });
  const items = query.data?.pages.flatMap((p) => p.items) ?? [];
  const set = (patch: QueueFilters) => {
    setFilters((f) => ({ ...f, ...patch }));
    setSelected(0);
  };

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (isTyping(event.target) || event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.key === "j" || event.key === "ArrowDown") {
        event.preventDefault();
        setSelected((i) => Math.min(i + 1, Math.max(items.length - 1, 0)));
      } else if (event.key === "k" || event.key === "ArrowUp") {
        event.preventDefault();
        setSelected((i) => Math.max(i - 1, 0));
      } else if (event.key === "Enter") {
        const item = items[selected];
        if (!item) return;
        event.preventDefault();
        void navigate({ to: "/backoffice/cases/$caseId", params: { caseId: item.id } });
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [items, selected, navigate]);

  useEffect(() => {
    rows.current[selected]?.scrollIntoView?.({ block: "nearest" });
  }, [selected]);

  const filterBar = (
    <Group align="flex-end" gap="sm" mb="md" role="search" aria-label={t("queue.filters")} wrap="wrap">
      <NativeSelect
        label={t("queue.creditor")}
        value={filters.creditorId ?? ""}
        onChange={(e) => set({ creditorId: e.currentTarget.value || undefined })}
        data={[
          { value: "", label: t("queue.all") },
          ...(creditors.data ?? []).map((c) => ({ value: c.id, label: c.legalName })),
        ]}
      />
      <NativeSelect
        label={t("cases.columns.phase")}
        value={filters.phase ?? ""}
        onChange={(e) => set({ phase: e.currentTarget.value || undefined })}
        data={[
          { value: "", label: t("cases.allPhases") },
          ...PHASES.filter((p) => p !== "closed").map((value) => ({
            value,
            label: t(`case.phase.${value}`),
          })),
        ]}
      />
      <NativeSelect
        label={t("queue.hold")}
        value={filters.hold ?? "any"}
        onChange={(e) => set({ hold: e.currentTarget.value })}
        data={HOLDS.map((value) => ({
          value,
          label: ["any", "none", "on_hold"].includes(value)
            ? t(`queue.holdFilter.${value as "any"}`)
            : t(`case.holdReason.${value as "dispute"}`),
        }))}
      />
      <NativeSelect
        label={t("queue.agent")}
        value={filters.agentId ?? ""}
        onChange={(e) => set({ agentId: e.currentTarget.value || undefined })}
        data={[
          { value: "", label: t("queue.all") },
          { value: "me", label: t("queue.me") },
          { value: "unassigned", label: t("queue.unassigned") },
          ...(agents.data ?? []).map((a) => ({ value: a.id, label: a.name })),
        ]}
      />
      <NumberInput
        label={t("queue.minAmount")}
        w={110}
        min={0}
        onChange={(v) => set({ minBalance: euros(v) })}
      />
      <NumberInput
        label={t("queue.maxAmount")}
        w={110}
        min={0}
        onChange={(v) => set({ maxBalance: euros(v) })}
      />
      <NumberInput
        label={t("queue.minAge")}
        w={110}
        min={0}
        onChange={(v) => set({ minAgeDays: whole(v) })}
      />
      <NumberInput
        label={t("queue.maxAge")}
        w={110}
        min={0}
        onChange={(v) => set({ maxAgeDays: whole(v) })}
      />
    </Group>
  );

  let body: ReactNode;
  if (query.isPending) body = <PageLoader />;
  else if (query.isError && !query.data)
    body = <QueryErrorAlert error={query.error} onRetry={() => void query.refetch()} />;
  else if (items.length === 0)
    body = (
      <EmptyPanel
        title={t("backoffice.workQueue.emptyTitle")}
        description={t("backoffice.workQueue.emptyBody")}
      />
    );
  else
    body = (
      <Stack gap="md">
        <Table.ScrollContainer minWidth={900}>
          <Table highlightOnHover aria-label={t("queue.tableLabel")}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t("cases.columns.reference")}</Table.Th>
                <Table.Th scope="col">{t("cases.columns.debtor")}</Table.Th>
                <Table.Th scope="col">{t("cases.columns.creditor")}</Table.Th>
                <Table.Th scope="col">{t("cases.columns.phase")}</Table.Th>
                <Table.Th scope="col">{t("cases.columns.status")}</Table.Th>
                <Table.Th scope="col" ta="right">
                  {t("cases.columns.balance")}
                </Table.Th>
                <Table.Th scope="col" ta="right">
                  {t("queue.age")}
                </Table.Th>
                <Table.Th scope="col" ta="right">
                  {t("queue.probability")}
                </Table.Th>
                <Table.Th scope="col" ta="right">
                  {t("queue.expectedValue")}
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((item, index) => (
                <Table.Tr
                  key={item.id}
                  ref={(el) => {
                    rows.current[index] = el;
                  }}
                  aria-selected={index === selected}
                  data-selected={index === selected || undefined}
                  bg={index === selected ? "navy.0" : undefined}
                  style={
                    index === selected ? { outline: "2px solid var(--mantine-color-navy-6)" } : undefined
                  }
                  onClick={() => setSelected(index)}
                >
                  <Table.Td className="nowrap">
                    <Anchor
                      fw={600}
                      renderRoot={(props) => (
                        <Link to="/backoffice/cases/$caseId" params={{ caseId: item.id }} {...props} />
                      )}
                    >
                      {item.reference}
                    </Anchor>
                    <UnreadMessagesBadge count={item.unreadMessages} />
                  </Table.Td>
                  <Table.Td>{item.debtor.name}</Table.Td>
                  <Table.Td>{item.creditor.name}</Table.Td>
                  <Table.Td className="nowrap">
                    <PhaseBadge phase={item.phase} />
                  </Table.Td>
                  <Table.Td>
                    <StatusLabel summary={item} />
                  </Table.Td>
                  <Table.Td ta="right" className="tabular">
                    {formatMoney(item.balance, i18n.language)}
                  </Table.Td>
                  <Table.Td ta="right" className="tabular">
                    {t("queue.days", { count: item.score.ageDays })}
                  </Table.Td>
                  <Table.Td ta="right" className="tabular">
                    {Math.round(item.score.probability * 100)} %
                  </Table.Td>
                  <Table.Td ta="right" className="tabular" fw={600}>
                    {formatMoney(item.score.expectedValue, i18n.language)}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <Group justify="space-between">
          <Text size="sm" c="dimmed" aria-live="polite">
            {t("cases.shown", { count: items.length })}
          </Text>
          {query.hasNextPage ? (
            <Button
              variant="default"
              loading={query.isFetchingNextPage}
              onClick={() => void query.fetchNextPage()}
            >
              {t("cases.loadMore")}
            </Button>
          ) : null}
        </Group>
      </Stack>
    );

  return (
    <>
      <PageHeader
        title={t("backoffice.workQueue.title")}
        description={
          <>
            {t("backoffice.workQueue.description")} <Kbd>j</Kbd> / <Kbd>k</Kbd> {t("queue.keysMove")},{" "}
            <Kbd>Enter</Kbd> {t("queue.keysOpen")}
          </>
        }
      />
      {filterBar}
      {body}
    </>
  );
}
