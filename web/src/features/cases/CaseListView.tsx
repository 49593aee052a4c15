import { Button, Group, NativeSelect, Stack, Table, Text, TextInput } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import { type ReactNode, useState } from "react";
import { useTranslation } from "react-i18next";
import { buildUrl } from "../../shared/api";
import { formatDateTime, formatMoney } from "../../shared/format";
import { EmptyPanel } from "../../shared/ui/EmptyPanel";
import { QueryErrorAlert } from "../../shared/ui/QueryErrorAlert";
import { PageLoader } from "../../shared/ui/RouteStates";
import { PhaseBadge, StatusLabel, UnreadMessagesBadge } from "./CaseBadges";
import { BASE, casesQuery } from "./queries";
import {
  type CaseFilters,
  type CaseScope,
  type CaseSummary,
  PHASES,
  type Phase,
  STATUSES,
  type Status,
} from "./types";

function isPhase(value: string): value is Phase {
  return (PHASES as readonly string[]).includes(value);
}

/**
 * The case table of either area. The agency sees the creditor of each case; a creditor sees its
 * own reference instead. `renderReference` links a row to the area's case page.
 */
export function CaseListView({
  scope,
  renderReference,
}: {
  scope: CaseScope;
  renderReference: (summary: CaseSummary) => ReactNode;
}) {
  const { t, i18n } = useTranslation();
  const [search, setSearch] = useState("");
  const [phase, setPhase] = useState<Phase | "">("");
  const [status, setStatus] = useState<Status | "">("");
  const [debouncedSearch] = useDebouncedValue(search.trim(), 300);
  const filters: CaseFilters = {
    ...(debouncedSearch ? { q: debouncedSearch } : {}),
    ...(phase ? { phase } : {}),
    ...(status ? { status } : {}),
  };
  const filtered = Boolean(filters.q || filters.phase || filters.status);
  const exportUrl = (format: "csv" | "xlsx") =>
    buildUrl(`${BASE[scope]}/cases/export`, {
      format,
      q: filters.q,
      phase: filters.phase,
      status: filters.status,
    });
  // The previous rows stay on screen while a new filter loads.
  const query = useInfiniteQuery({ ...casesQuery(scope, filters), placeholderData: keepPreviousData });
  const items = query.data?.pages.flatMap((page) => page.items) ?? [];

  const filterBar = (
    <Group align="flex-end" gap="sm" mb="md" role="search" aria-label={t("cases.filters")}>
      <TextInput
        label={t("cases.search")}
        description={t("cases.searchHint")}
        value={search}
        onChange={(event) => setSearch(event.currentTarget.value)}
        type="search"
        w={320}
        maw="100%"
      />
      <NativeSelect
        label={t("cases.columns.phase")}
        value={phase}
        onChange={(event) => {
          const value = event.currentTarget.value;
          setPhase(isPhase(value) ? value : "");
        }}
        data={[
          { value: "", label: t("cases.allPhases") },
          ...PHASES.map((value) => ({ value, label: t(`case.phase.${value}`) })),
        ]}
      />
      <NativeSelect
        label={t("cases.columns.status")}
        value={status}
        onChange={(event) => {
          const value = event.currentTarget.value;
          setStatus((STATUSES as readonly string[]).includes(value) ? (value as Status) : "");
        }}
        data={[
          { value: "", label: t("cases.allStatuses") },
          ...STATUSES.map((value) => ({ value, label: t(`case.status.${value}`) })),
        ]}
      />
      <Group gap="xs" ml="auto">
        <Button component="a" variant="default" href={exportUrl("csv")} download>
          {t("cases.exportCsv")}
        </Button>
        <Button component="a" variant="default" href={exportUrl("xlsx")} download>
          {t("cases.exportXlsx")}
        </Button>
      </Group>
    </Group>
  );

  let body: ReactNode;
  if (query.isPending) body = <PageLoader />;
  else if (query.isError && !query.data)
    body = <QueryErrorAlert error={query.error} onRetry={() => void query.refetch()} />;
  else if (items.length === 0)
    body = filtered ? (
      <EmptyPanel title={t("cases.noMatch.title")} description={t("cases.noMatch.body")} />
    ) : (
      <EmptyPanel title={t(`cases.empty.${scope}.title`)} description={t(`cases.empty.${scope}.body`)} />
    );
  else
    body = (
      <Stack gap="md">
        <Table.ScrollContainer minWidth={860}>
          <Table striped highlightOnHover aria-label={t("cases.tableLabel")}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t("cases.columns.reference")}</Table.Th>
                {scope === "agency" ? (
                  <Table.Th scope="col">{t("cases.columns.creditor")}</Table.Th>
                ) : (
                  <Table.Th scope="col">{t("cases.columns.externalRef")}</Table.Th>
                )}
                <Table.Th scope="col">{t("cases.columns.debtor")}</Table.Th>
                <Table.Th scope="col">{t("cases.columns.phase")}</Table.Th>
                <Table.Th scope="col">{t("cases.columns.status")}</Table.Th>
                <Table.Th scope="col" ta="right">
                  {t("cases.columns.balance")}
                </Table.Th>
                <Table.Th scope="col">{t("cases.columns.nextAction")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((summary) => (
                <Table.Tr key={summary.id}>
                  <Table.Td className="nowrap">
                    {renderReference(summary)}
                    <UnreadMessagesBadge count={summary.unreadMessages} />
                  </Table.Td>
                  <Table.Td>
                    {scope === "agency" ? summary.creditor.name : (summary.externalRef ?? "—")}
                  </Table.Td>
                  <Table.Td>{summary.debtor.name}</Table.Td>
                  <Table.Td className="nowrap">
                    <PhaseBadge phase={summary.phase} />
                  </Table.Td>
                  <Table.Td>
                    <StatusLabel summary={summary} />
                  </Table.Td>
                  <Table.Td ta="right" className="tabular">
                    {formatMoney(summary.balance, i18n.language)}
                  </Table.Td>
                  <Table.Td className="tabular">
                    {summary.nextActionAt ? formatDateTime(summary.nextActionAt, i18n.language) : "—"}
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
        {query.isFetchNextPageError ? <QueryErrorAlert error={query.error} /> : null}
      </Stack>
    );

  return (
    <>
      {filterBar}
      {body}
    </>
  );
}
