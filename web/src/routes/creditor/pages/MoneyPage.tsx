import { Anchor, Badge, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
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

interface Remittance {
  id: string;
  reference: string;
  amountCents: number;
  collectedCents: number;
  commissionCents: number;
  vatCents: number;
  currency: string;
  paymentCount: number;
  createdAt: string;
}

type Page<T> = { items: T[]; nextCursor: string | null };

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
                  <Text size="sm" c="dimmed">
                    {t(`money.total.${key}`)}
                  </Text>
                  <Text fw={700} size="lg">
                    {eur(cents, totals.data.currency)}
                  </Text>
                </Paper>
              ))}
            </SimpleGrid>
          ) : null}
        </section>

        <section aria-labelledby="money-remittances">
          <Title order={2} size="h4" id="money-remittances" mb="sm">
            {t("money.remittances")}
          </Title>
          {remittances.isError ? (
            <QueryErrorAlert error={remittances.error} onRetry={() => void remittances.refetch()} />
          ) : null}
          {remittances.data && remittances.data.items.length === 0 ? (
            <EmptyPanel title={t("creditor.money.emptyTitle")} description={t("creditor.money.emptyBody")} />
          ) : null}
          {remittances.data && remittances.data.items.length > 0 ? (
            <Table.ScrollContainer minWidth={720}>
              <Table striped>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t("money.col.reference")}</Table.Th>
                    <Table.Th>{t("money.col.date")}</Table.Th>
                    <Table.Th ta="right">{t("money.col.payments")}</Table.Th>
                    <Table.Th ta="right">{t("money.col.collected")}</Table.Th>
                    <Table.Th ta="right">{t("money.col.commission")}</Table.Th>
                    <Table.Th ta="right">{t("money.col.net")}</Table.Th>
                    <Table.Th>{t("money.col.statement")}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {remittances.data.items.map((r) => (
                    <Table.Tr key={r.id}>
                      <Table.Td>{r.reference}</Table.Td>
                      <Table.Td>{formatDate(r.createdAt, lang)}</Table.Td>
                      <Table.Td ta="right">{r.paymentCount}</Table.Td>
                      <Table.Td ta="right">{eur(r.collectedCents, r.currency)}</Table.Td>
                      <Table.Td ta="right">{eur(r.commissionCents + r.vatCents, r.currency)}</Table.Td>
                      <Table.Td ta="right">{eur(r.amountCents, r.currency)}</Table.Td>
                      <Table.Td>
                        <Group gap="xs">
                          <Anchor
                            href={`/api/v1/remittances/${r.id}/statement?format=pdf&locale=${lang}`}
                            aria-label={t("money.statementPdfOf", { reference: r.reference })}
                          >
                            PDF
                          </Anchor>
                          <Anchor
                            href={`/api/v1/remittances/${r.id}/statement?format=csv&locale=${lang}`}
                            aria-label={t("money.statementCsvOf", { reference: r.reference })}
                          >
                            CSV
                          </Anchor>
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          ) : null}
        </section>

        <section aria-labelledby="money-payments">
          <Title order={2} size="h4" id="money-payments" mb="sm">
            {t("money.payments")}
          </Title>
          {payments.isError ? (
            <QueryErrorAlert error={payments.error} onRetry={() => void payments.refetch()} />
          ) : null}
          {payments.data && payments.data.items.length === 0 ? (
            <EmptyPanel title={t("money.noPayments")} description={t("creditor.money.emptyBody")} />
          ) : null}
          {payments.data && payments.data.items.length > 0 ? (
            <Table.ScrollContainer minWidth={720}>
              <Table striped>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t("money.col.date")}</Table.Th>
                    <Table.Th>{t("money.col.case")}</Table.Th>
                    <Table.Th>{t("money.col.debtor")}</Table.Th>
                    <Table.Th ta="right">{t("money.col.amount")}</Table.Th>
                    <Table.Th>{t("money.col.state")}</Table.Th>
                    <Table.Th>{t("money.col.receipt")}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {payments.data.items.map((p) => (
                    <Table.Tr key={p.id}>
                      <Table.Td>{formatDate(p.encashedAt, lang)}</Table.Td>
                      <Table.Td>{p.caseReference}</Table.Td>
                      <Table.Td>{p.debtorName}</Table.Td>
                      <Table.Td ta="right">{eur(p.amountCents, p.currency)}</Table.Td>
                      <Table.Td>
                        <Badge variant="light" color={p.remittanceId ? "green" : "blue"}>
                          {t(p.remittanceId ? "money.state.remitted" : "money.state.held")}
                        </Badge>
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
              </Table>
            </Table.ScrollContainer>
          ) : null}
        </section>
      </Stack>
    </>
  );
}
