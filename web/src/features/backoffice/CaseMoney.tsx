import { Anchor, Stack, Table, Text, Title } from "@mantine/core";
import { queryOptions, useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../shared/api";
import { formatDate, formatDateTime, formatDay, formatMoney } from "../../shared/format";
import { translateOpen } from "../../shared/i18n";
import { QueryErrorAlert } from "../../shared/ui/QueryErrorAlert";
import { Section } from "../cases/CasePanels";
import { documentUrl } from "../cases/queries";

// A case's money beside its timeline (GET /api/agency/cases/:caseId/money): what was paid and on which
// receipt (R124-6), where the funds stand, the plan or promise, credit notes, how the trust ledger
// booked it, and what the creditor was told (R124-5).

interface CaseMoneyData {
  currency: string;
  payments: {
    id: string;
    provider: string;
    amountCents: number;
    currency: string;
    status: string;
    encashedAt: string;
    remittanceDueAt: string;
    receiptNumber: string;
    receiptDocumentId: string | null;
    remittance: { id: string; reference: string; status: string } | null;
  }[];
  plan: {
    status: string;
    totalCents: number;
    currency: string;
    instalments: { seq: number; dueDate: string; amountCents: number; paidCents: number; status: string }[];
  } | null;
  promise: { amountCents: number; currency: string; dueDate: string; status: string } | null;
  creditNotes: {
    id: string;
    number: string;
    amountCents: number;
    balanceAfterCents: number;
    currency: string;
    documentId: string;
  }[];
  ledger: {
    id: string;
    kind: string;
    at: string;
    currency: string;
    lines: { account: string; amountCents: number }[];
  }[];
  notices: {
    id: string;
    type: string;
    createdAt: string;
    amountCents: number | null;
    webhooks: { delivered: number; pending: number; dead: number };
  }[];
}

export function caseMoneyQuery(caseId: string) {
  return queryOptions({
    queryKey: ["cases", "agency", "money", caseId],
    queryFn: ({ signal }) =>
      api.get<CaseMoneyData>(`/api/agency/cases/${encodeURIComponent(caseId)}/money`, { signal }),
  });
}

function Part({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id}>
      <Title order={3} size="h5" id={id} mb={6}>
        {title}
      </Title>
      {children}
    </section>
  );
}

export function CaseMoney({ caseId }: { caseId: string }) {
  const { t, i18n } = useTranslation();
  const query = useQuery(caseMoneyQuery(caseId));
  const lang = i18n.language;
  const eur = (amount: number, currency: string) => formatMoney({ amount, currency }, lang);
  const m = query.data;
  return (
    <Section id="money-heading" title={t("caseMoney.title")}>
      {query.isError ? <QueryErrorAlert error={query.error} onRetry={() => void query.refetch()} /> : null}
      {m ? (
        <Stack gap="lg">
          <Part id="money-payments" title={t("caseMoney.payments")}>
            {m.payments.length === 0 ? (
              <Text c="dimmed">{t("caseMoney.noPayments")}</Text>
            ) : (
              <Table.ScrollContainer minWidth={640}>
                <Table aria-labelledby="money-payments" data-testid="case-payments">
                  <Table.Thead>
                    <Table.Tr>
                      {(["date", "amount", "provider", "status", "receipt", "funds"] as const).map((c) => (
                        <Table.Th key={c} scope="col" ta={c === "amount" ? "right" : undefined}>
                          {t(`caseMoney.col.${c}`)}
                        </Table.Th>
                      ))}
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {m.payments.map((p) => (
                      <Table.Tr key={p.id}>
                        <Table.Td>{formatDateTime(p.encashedAt, lang)}</Table.Td>
                        <Table.Td ta="right" className="tabular">
                          {eur(p.amountCents, p.currency)}
                        </Table.Td>
                        <Table.Td>{translateOpen("caseMoney.provider", p.provider)}</Table.Td>
                        <Table.Td>{translateOpen("caseMoney.paymentStatus", p.status)}</Table.Td>
                        <Table.Td>
                          {p.receiptDocumentId ? (
                            <Anchor
                              href={documentUrl("agency", caseId, p.receiptDocumentId, true)}
                              target="_blank"
                              rel="noopener"
                            >
                              {t("caseMoney.receiptOf", { number: p.receiptNumber })}
                            </Anchor>
                          ) : (
                            p.receiptNumber
                          )}
                        </Table.Td>
                        <Table.Td>
                          {p.remittance
                            ? t("caseMoney.remitted", {
                                reference: p.remittance.reference,
                                status: translateOpen("caseMoney.remittanceStatus", p.remittance.status),
                              })
                            : t("caseMoney.held", { date: formatDate(p.remittanceDueAt, lang) })}
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )}
          </Part>

          {m.plan || m.promise ? (
            <Part id="money-commitments" title={t("caseMoney.commitments")}>
              <Stack gap={4} data-testid="case-commitments">
                {m.plan ? (
                  <>
                    <Text size="sm" fw={600}>
                      {t("caseMoney.plan", {
                        status: translateOpen("caseMoney.planStatus", m.plan.status),
                        total: eur(m.plan.totalCents, m.plan.currency),
                        count: m.plan.instalments.length,
                      })}
                    </Text>
                    {m.plan.instalments.map((i) => (
                      <Text size="sm" key={i.seq}>
                        {t("caseMoney.instalment", {
                          seq: i.seq,
                          date: formatDay(i.dueDate, lang),
                          amount: eur(i.amountCents, m.plan?.currency ?? "EUR"),
                          paid: eur(i.paidCents, m.plan?.currency ?? "EUR"),
                          status: translateOpen("caseMoney.instalmentStatus", i.status),
                        })}
                      </Text>
                    ))}
                  </>
                ) : null}
                {m.promise ? (
                  <Text size="sm">
                    {t("caseMoney.promise", {
                      amount: eur(m.promise.amountCents, m.promise.currency),
                      date: formatDay(m.promise.dueDate, lang),
                      status: translateOpen("caseMoney.promiseStatus", m.promise.status),
                    })}
                  </Text>
                ) : null}
              </Stack>
            </Part>
          ) : null}

          {m.creditNotes.length > 0 ? (
            <Part id="money-credit-notes" title={t("caseMoney.creditNotes")}>
              <Stack gap={4} data-testid="case-credit-notes">
                {m.creditNotes.map((n) => (
                  <Text size="sm" key={n.id}>
                    {t("caseMoney.creditNote", {
                      number: n.number,
                      amount: eur(n.amountCents, n.currency),
                      balance: eur(n.balanceAfterCents, n.currency),
                    })}{" "}
                    <Anchor
                      size="sm"
                      href={documentUrl("agency", caseId, n.documentId, true)}
                      target="_blank"
                      rel="noopener"
                    >
                      {t("caseMoney.creditNotePdf", { number: n.number })}
                    </Anchor>
                  </Text>
                ))}
              </Stack>
            </Part>
          ) : null}

          <Part id="money-ledger" title={t("caseMoney.ledger")}>
            {m.ledger.length === 0 ? (
              <Text c="dimmed">{t("caseMoney.noLedger")}</Text>
            ) : (
              <LedgerTable ledger={m.ledger} />
            )}
          </Part>

          <Part id="money-notices" title={t("caseMoney.notices")}>
            {m.notices.length === 0 ? (
              <Text c="dimmed">{t("caseMoney.noNotices")}</Text>
            ) : (
              <Stack
                gap={6}
                component="ul"
                p={0}
                m={0}
                style={{ listStyle: "none" }}
                data-testid="case-notices"
              >
                {m.notices.map((n) => {
                  const hooks = n.webhooks.delivered + n.webhooks.pending + n.webhooks.dead;
                  return (
                    <li key={n.id}>
                      <Text size="sm" fw={600}>
                        {translateOpen("timeline.type", n.type)}
                        {n.amountCents !== null ? ` · ${eur(n.amountCents, m.currency)}` : ""}
                      </Text>
                      <Text size="sm" c="dimmed">
                        {formatDateTime(n.createdAt, lang)} ·{" "}
                        {hooks > 0 ? t("caseMoney.webhooks", n.webhooks) : t("caseMoney.noWebhook")}
                      </Text>
                    </li>
                  );
                })}
              </Stack>
            )}
          </Part>
        </Stack>
      ) : null}
    </Section>
  );
}

/** One row per line of each entry: debits on the left, credits on the right, as an accountant reads them. */
function LedgerTable({ ledger }: { ledger: CaseMoneyData["ledger"] }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table aria-labelledby="money-ledger" data-testid="case-ledger">
        <Table.Thead>
          <Table.Tr>
            {(["date", "entry", "account", "debit", "credit"] as const).map((c) => (
              <Table.Th key={c} scope="col" ta={c === "debit" || c === "credit" ? "right" : undefined}>
                {t(`caseMoney.col.${c}`)}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {ledger.flatMap((e) =>
            e.lines.map((l, i) => (
              <Table.Tr key={`${e.id}-${l.account}-${Math.sign(l.amountCents)}`}>
                <Table.Td>{i === 0 ? formatDateTime(e.at, lang) : ""}</Table.Td>
                <Table.Td>{i === 0 ? translateOpen("caseMoney.kind", e.kind) : ""}</Table.Td>
                <Table.Td>{translateOpen("caseMoney.account", l.account)}</Table.Td>
                <Table.Td ta="right" className="tabular">
                  {l.amountCents > 0
                    ? formatMoney({ amount: l.amountCents, currency: e.currency }, lang)
                    : ""}
                </Table.Td>
                <Table.Td ta="right" className="tabular">
                  {l.amountCents < 0
                    ? formatMoney({ amount: -l.amountCents, currency: e.currency }, lang)
                    : ""}
                </Table.Td>
              </Table.Tr>
            )),
          )}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
