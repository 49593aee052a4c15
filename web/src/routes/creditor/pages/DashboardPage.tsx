import { BarChart } from "@mantine/charts";
import { Anchor, Paper, SimpleGrid, Stack, Table, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { api } from "../../../shared/api";
import { formatDateTime, formatMoney, type Money } from "../../../shared/format";
import { translateOpen } from "../../../shared/i18n";
import { PageHeader } from "../../../shared/ui/PageHeader";
import { QueryErrorAlert } from "../../../shared/ui/QueryErrorAlert";
import { PageLoader } from "../../../shared/ui/RouteStates";
import "@mantine/charts/styles.css";

interface Band {
  band: string;
  cases: number;
  placed: Money;
  collected: Money;
  rate: number;
}

interface Dashboard {
  collected: Money;
  placed: Money;
  inProgress: { count: number; balance: Money };
  onHold: { count: number; balance: Money };
  awaitingCreditor: { count: number; balance: Money };
  closed: { count: number; balance: Money };
  byAgeBand: Band[];
  byAmountBand: Band[];
  recent: { caseId: string; reference: string; type: string; at: string }[];
}

function Figure({ label, value, sub }: { label: string; value: string; sub?: string }) {
  return (
    <Paper withBorder p="md">
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text fw={700} size="xl" className="tabular">
        {value}
      </Text>
      {sub ? (
        <Text size="sm" c="dimmed">
          {sub}
        </Text>
      ) : null}
    </Paper>
  );
}

function BandChart({ title, bands, label }: { title: string; bands: Band[]; label: (b: string) => string }) {
  const { t, i18n } = useTranslation();
  const data = bands.map((b) => ({ band: label(b.band), rate: Math.round(b.rate * 1000) / 10 }));
  return (
    <Paper withBorder p="md" component="section" aria-label={title}>
      <Title order={2} size="h4" mb="sm">
        {title}
      </Title>
      <BarChart
        h={220}
        data={data}
        dataKey="band"
        series={[{ name: "rate", label: t("dashboard.rate"), color: "navy.6" }]}
        unit=" %"
      />
      {/* The same figures as a table, for screen readers and for reading exact values. */}
      <Table mt="sm" aria-label={title}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t("dashboard.band")}</Table.Th>
            <Table.Th scope="col" ta="right">
              {t("dashboard.cases")}
            </Table.Th>
            <Table.Th scope="col" ta="right">
              {t("dashboard.placed")}
            </Table.Th>
            <Table.Th scope="col" ta="right">
              {t("dashboard.collected")}
            </Table.Th>
            <Table.Th scope="col" ta="right">
              {t("dashboard.rate")}
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {bands.map((b) => (
            <Table.Tr key={b.band}>
              <Table.Td>{label(b.band)}</Table.Td>
              <Table.Td ta="right" className="tabular">
                {b.cases}
              </Table.Td>
              <Table.Td ta="right" className="tabular">
                {formatMoney(b.placed, i18n.language)}
              </Table.Td>
              <Table.Td ta="right" className="tabular">
                {formatMoney(b.collected, i18n.language)}
              </Table.Td>
              <Table.Td ta="right" className="tabular">
                {(b.rate * 100).toFixed(1)} %
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}

export function DashboardPage() {
  const { t, i18n } = useTranslation();
  const query = useQuery({
    queryKey: ["dashboard"],
    queryFn: () => api.get<Dashboard>("/api/v1/dashboard"),
    refetchInterval: 30_000,
  });
  const money = (m: Money) => formatMoney(m, i18n.language);
  return (
    <>
      <PageHeader title={t("creditor.dashboard.title")} description={t("creditor.dashboard.description")} />
      {query.isPending ? (
        <PageLoader />
      ) : query.isError ? (
        <QueryErrorAlert error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <Stack gap="lg">
          <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }}>
            <Figure
              label={t("dashboard.collected")}
              value={money(query.data.collected)}
              sub={t("dashboard.ofPlaced", { placed: money(query.data.placed) })}
            />
            <Figure
              label={t("dashboard.inProgress")}
              value={String(query.data.inProgress.count + query.data.awaitingCreditor.count)}
              sub={money(query.data.inProgress.balance)}
            />
            <Figure
              label={t("dashboard.onHold")}
              value={String(query.data.onHold.count)}
              sub={money(query.data.onHold.balance)}
            />
            <Figure label={t("dashboard.closed")} value={String(query.data.closed.count)} />
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <BandChart
              title={t("dashboard.byAge")}
              bands={query.data.byAgeBand}
              label={(b) => t("dashboard.ageBand", { band: b })}
            />
            <BandChart
              title={t("dashboard.byAmount")}
              bands={query.data.byAmountBand}
              label={(b) => `${b} €`}
            />
          </SimpleGrid>
          <Paper withBorder p="md" component="section" aria-labelledby="recent-heading">
            <Title order={2} size="h4" id="recent-heading" mb="sm">
              {t("dashboard.recent")}
            </Title>
            {query.data.recent.length === 0 ? (
              <Text c="dimmed">{t("timeline.empty")}</Text>
            ) : (
              <Stack gap={4} component="ul" p={0} m={0} style={{ listStyle: "none" }}>
                {query.data.recent.map((e) => (
                  <Text size="sm" key={`${e.caseId}-${e.at}-${e.type}`} component="li">
                    {formatDateTime(e.at, i18n.language)} ·{" "}
                    <Anchor
                      renderRoot={(props) => (
                        <Link to="/creditor/cases/$caseId" params={{ caseId: e.caseId }} {...props} />
                      )}
                    >
                      {e.reference}
                    </Anchor>{" "}
                    · {translateOpen("timeline.type", e.type)}
                  </Text>
                ))}
              </Stack>
            )}
          </Paper>
        </Stack>
      )}
    </>
  );
}
