import { Alert, Anchor, Paper, SimpleGrid, Stack, Table, Text, Title } from "@mantine/core";
import { type UseQueryResult, useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import {
  type Page,
  type Remittance,
  RemittanceState,
  StatementLinks,
} from "../../../features/money/remittances";
import { api } from "../../../shared/api";
import { formatDate, formatMoney } from "../../../shared/format";
import { EmptyPanel } from "../../../shared/ui/EmptyPanel";
import { PageHeader } from "../../../shared/ui/PageHeader";
import { QueryErrorAlert } from "../../../shared/ui/QueryErrorAlert";

// The creditor's money (R124-5, R124-6): totals from the trust ledger, payments with their receipts,
// remittances with their statements, and the mandate as agreed.

interface Totals {
  collectedCents: number;
  commissionCents: number;
  vatCents: number;
  remittedCents: number;
  heldCents: number;
  currency: string;
}

interface Payment {
  id: string;
  caseReference: string;
  debtorName: string;
  amountCents: number;
  currency: string;
  status: string;
  encashedAt: string;
  remittanceId: string | null;
  receiptNumber: string;
  receiptDocumentId: string | null;
}

type Column =
  | "reference"
  | "date"
  | "payments"
  | "collected"
  | "commission"
  | "net"
  | "statement"
  | "case"
  | "debtor"
  | "amount"
  | "state"
  | "receipt";

/** A titled section listing one page of a query, with its error and empty states. */
function MoneyTable<T>(props: {
  id: string;
  title: string;
  query: UseQueryResult<Page<T>>;
  emptyTitle: string;
  columns: [key: Column, align?: "right"][];
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const { query } = props;
  return (
    <section aria-labelledby={props.id}>
      <Title order={2} size="h4" id={props.id} mb="sm">
        {props.title}
      </Title>
      {query.isError ? <QueryErrorAlert error={query.error} onRetry={() => void query.refetch()} /> : null}
      {query.data && query.data.items.length === 0 ? (
        <EmptyPanel title={props.emptyTitle} description={t("creditor.money.emptyBody")} />
      ) : null}
      {query.data && query.data.items.length > 0 ? (
        <Table.ScrollContainer minWidth={720}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                {props.columns.map(([key, align]) => (
                  <Table.Th key={key} ta={align}>
                    {t(`money.col.${key}`)}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            {props.children}
          </Table>
        </Table.ScrollContainer>
      ) : null}
    </section>
  );
}

export function MoneyPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language.startsWith("en") ? "en" : "fr";
  const totals = useQuery({
    queryKey: ["money", "totals"],
    queryFn: () => api.get<Totals>("/api/v1/money/totals"),
  });
  const payments = useQuery({
    queryKey: ["money", "payments"],
    queryFn: () => api.get<Page<Payment>>("/api/v1/payments?limit=50"),
  });
  const remittances = useQuery({
    queryKey: ["money", "remittances"],
    queryFn: () => api.get<Page<Remittance>>("/api/v1/remittances?limit=50"),
  });
  const eur = (amount: number, currency = "EUR") => formatMoney({ amount, currency }, lang);
  return (
    <>
      <PageHeader
        title={t("creditor.money.title")}
        description={t("creditor.money.description")}
        actions={
          <Anchor href={`/api/v1/mandate/document?locale=${lang}`} download>
            {t("money.mandatePdf")}
          </Anchor>
        }
      />
      <Stack gap="xl">
        <RejectedTransfers remittances={remittances.data?.items ?? []} />
        <section aria-labelledby="money-totals">
          <Title order={2} size="h4" id="money-totals" mb="sm">
            {t("money.totals")}
          </Title>
          {totals.isError ? (
            <QueryErrorAlert error={totals.error} onRetry={() => void totals.refetch()} />
          ) : null}
          {totals.data ? (
            <SimpleGrid cols={{ base: 2, md: 5 }}>
              {(
                [
                  ["collected", totals.data.collectedCents],
                  ["commission", totals.data.commissionCents],
                  ["vat", totals.data.vatCents],
                  ["remitted", totals.data.remittedCents],
                  ["held", totals.data.heldCents],
                ] as const
              ).map(([key, cents]) => (
                <Paper key={key} withBorder p="md" data-testid={`money-${key}`}>
                  <Text size="sm">{t(`money.total.${key}`)}</Text>
                  <Text fw={700} size="lg">
                    {eur(cents, totals.data.currency)}
                  </Text>
                </Paper>
              ))}
            </SimpleGrid>
          ) : null}
        </section>

        <MoneyTable
          id="money-remittances"
          title={t("money.remittances")}
          query={remittances}
          emptyTitle={t("creditor.money.emptyTitle")}
          columns={[
            ["reference"],
            ["date"],
            ["payments", "right"],
            ["collected", "right"],
            ["commission", "right"],
            ["net", "right"],
            ["state"],
            ["statement"],
          ]}
        >
          <Table.Tbody>
            {(remittances.data?.items ?? []).map((r) => (
              <Table.Tr key={r.id}>
                <Table.Td>{r.reference}</Table.Td>
                <Table.Td>{formatDate(r.createdAt, lang)}</Table.Td>
                <Table.Td ta="right">{r.paymentCount}</Table.Td>
                <Table.Td ta="right">{eur(r.collectedCents, r.currency)}</Table.Td>
                <Table.Td ta="right">{eur(r.commissionCents + r.vatCents, r.currency)}</Table.Td>
                <Table.Td ta="right">{eur(r.amountCents, r.currency)}</Table.Td>
                <Table.Td>
                  <RemittanceState remittance={r} />
                </Table.Td>
                <Table.Td>
                  <StatementLinks remittance={r} base="/api/v1" />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </MoneyTable>

        <MoneyTable
          id="money-payments"
          title={t("money.payments")}
          query={payments}
          emptyTitle={t("money.noPayments")}
          columns={[["date"], ["case"], ["debtor"], ["amount", "right"], ["state"], ["receipt"]]}
        >
          <Table.Tbody>
            {(payments.data?.items ?? []).map((p) => (
              <Table.Tr key={p.id}>
                <Table.Td>{formatDate(p.encashedAt, lang)}</Table.Td>
                <Table.Td>{p.caseReference}</Table.Td>
                <Table.Td>{p.debtorName}</Table.Td>
                <Table.Td ta="right">{eur(p.amountCents, p.currency)}</Table.Td>
                <Table.Td>
                  <Text size="sm" fw={p.remittanceId ? 400 : 600}>
                    {t(p.remittanceId ? "money.state.remitted" : "money.state.held")}
                  </Text>
                </Table.Td>
                <Table.Td>
                  {p.receiptDocumentId ? (
                    <Anchor
                      href={`/api/v1/payments/${p.id}/receipt`}
                      aria-label={t("money.receiptOf", { number: p.receiptNumber })}
                    >
                      {p.receiptNumber}
                    </Anchor>
                  ) : (
                    p.receiptNumber
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </MoneyTable>
      </Stack>
    </>
  );
}

const NOTICE_DAYS = 30;

/**
 * The creditor's notice of a transfer that failed (rejected before execution, or returned by its bank)
 * in the last month: the money it expected is held for it again and goes out with the next run.
 */
function RejectedTransfers({ remittances }: { remittances: Remittance[] }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language.startsWith("en") ? "en" : "fr";
  const since = Date.now() - NOTICE_DAYS * 86_400_000;
  const failed = remittances.filter(
    (r) =>
      (r.status === "rejected" || r.status === "returned") &&
      r.rejectedAt !== null &&
      Date.parse(r.rejectedAt) >= since,
  );
  if (failed.length === 0) return null;
  return (
    <Alert color="red" title={t("money.rejectedNotice.title")} data-testid="rejected-transfers">
      <Stack gap={4}>
        {failed.map((r) => (
          <Text key={r.id} size="sm">
            {t(`money.rejectedNotice.${r.status === "returned" ? "returned" : "rejected"}`, {
              reference: r.reference,
              amount: formatMoney({ amount: r.amountCents, currency: r.currency }, lang),
              date: formatDate(r.rejectedAt ?? r.createdAt, lang),
            })}{" "}
            {r.rejectionReason ? t("money.remittanceState.reason", { reason: r.rejectionReason }) : ""}
          </Text>
        ))}
        <Text size="sm">{t("money.rejectedNotice.next")}</Text>
      </Stack>
    </Alert>
  );
}
