import { Alert, Anchor, Button, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { formatDate, formatDay, formatMoney } from "../../shared/format";
import { translateOpen } from "../../shared/i18n";
import type { PortalAction } from "./actions/types";
import { downloadPortalDocument, type PortalCase } from "./queries";
import { ScreenTitle } from "./ScreenTitle";

// What is owed and why (R124-4 3°): creditor, invoices, principal / interest / indemnity on their own
// lines. Collection fees never appear: they stay with the creditor (L111-8).

const ACTIONS: PortalAction[] = [
  "pay",
  "plan",
  "promise",
  "dispute",
  "appointment",
  "callback",
  "survey",
  "contact",
];

export function DocumentButton({
  token,
  session,
  documentId,
  filename,
  label,
}: {
  token: string;
  session: string;
  documentId: string;
  filename: string;
  label: string;
}) {
  const { t } = useTranslation();
  const [failed, setFailed] = useState(false);
  return (
    <Stack gap={2} align="flex-start">
      <Anchor
        component="button"
        type="button"
        onClick={() => {
          setFailed(false);
          downloadPortalDocument(token, session, documentId, filename).catch(() => setFailed(true));
        }}
      >
        {label}
      </Anchor>
      {failed ? (
        <Text size="sm" c="red.8" role="alert">
          {t("portal.case.downloadFailed")}
        </Text>
      ) : null}
    </Stack>
  );
}

export function CaseOverview({
  token,
  session,
  data,
  onAction,
}: {
  token: string;
  session: string;
  data: PortalCase;
  onAction: (action: PortalAction) => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? "fr";
  const money = (amount: number) => formatMoney({ amount, currency: data.currency }, lang);
  const owing = data.status !== "closed" && data.totals.outstanding > 0;
  const invoiceOf = (claimId: string) =>
    data.documents.find((d) => d.kind === "invoice" && d.claimId === claimId);
  // A credit the creditor granted on a dispute reduces the invoice: its credit note sits beside it.
  const creditNotesOf = (claimId: string) =>
    data.documents.filter((d) => d.kind === "credit_note" && d.claimId === claimId);
  const receipts = data.payments.filter((p) => p.receiptDocumentId);

  return (
    <Stack gap="lg" pt="md">
      <Stack gap={4}>
        <ScreenTitle>{t("portal.case.title", { reference: data.reference })}</ScreenTitle>
        <Text>{t("portal.case.creditor", { creditor: data.creditor.name, agency: data.agency.name })}</Text>
      </Stack>

      <Paper withBorder p="md" bg="navy.0" component="section" aria-labelledby="owed-title">
        <Text id="owed-title" fw={500}>
          {t("portal.case.outstanding")}
        </Text>
        <Text fz={32} fw={700} c="navy.9" data-testid="outstanding">
          {money(data.totals.outstanding)}
        </Text>
        {data.holdReason ? <Text mt="xs">{translateOpen("portal.case.hold", data.holdReason)}</Text> : null}
        {data.status === "closed" ? <Text mt="xs">{t("portal.case.closed")}</Text> : null}
        {data.promise ? (
          <Text mt="xs">
            {t("portal.case.promise", {
              amount: money(data.promise.amount),
              date: formatDay(data.promise.dueDate, lang),
            })}
          </Text>
        ) : null}
      </Paper>

      {owing ? (
        <section aria-labelledby="actions-title">
          <Title order={2} size="h4" id="actions-title" mb="xs">
            {t("portal.case.actionsTitle")}
          </Title>
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="xs">
            {ACTIONS.map((action) => (
              <Button
                key={action}
                size="md"
                variant={action === "pay" ? "filled" : "default"}
                onClick={() => onAction(action)}
              >
                {t(`portal.actions.${action}`)}
              </Button>
            ))}
          </SimpleGrid>
        </section>
      ) : null}

      <section aria-labelledby="breakdown-title">
        <Title order={2} size="h4" id="breakdown-title" mb="xs">
          {t("portal.case.breakdownTitle")}
        </Title>
        <Table captionSide="bottom" verticalSpacing="xs">
          <Table.Caption>{t("portal.case.noFees")}</Table.Caption>
          <Table.Tbody>
            <Table.Tr>
              <Table.Th scope="row">{t("portal.case.principal")}</Table.Th>
              <Table.Td ta="right">{money(data.totals.principal)}</Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Th scope="row">{t("portal.case.interest")}</Table.Th>
              <Table.Td ta="right">{money(data.totals.interest)}</Table.Td>
            </Table.Tr>
            {data.totals.indemnity > 0 ? (
              <Table.Tr>
                <Table.Th scope="row">{t("portal.case.indemnity")}</Table.Th>
                <Table.Td ta="right">{money(data.totals.indemnity)}</Table.Td>
              </Table.Tr>
            ) : null}
            <Table.Tr>
              <Table.Th scope="row">{t("portal.case.paid")}</Table.Th>
              <Table.Td ta="right">− {money(data.totals.paid)}</Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Th scope="row">{t("portal.case.outstanding")}</Table.Th>
              <Table.Td ta="right" fw={700}>
                {money(data.totals.outstanding)}
              </Table.Td>
            </Table.Tr>
          </Table.Tbody>
        </Table>
      </section>

      <section aria-labelledby="invoices-title">
        <Title order={2} size="h4" id="invoices-title" mb="xs">
          {t("portal.case.invoicesTitle")}
        </Title>
        <Stack gap="xs" component="ul" style={{ listStyle: "none", padding: 0, margin: 0 }}>
          {data.claims.map((claim) => {
            const doc = invoiceOf(claim.id);
            return (
              <Paper key={claim.id} withBorder p="sm" component="li">
                <Group justify="space-between" wrap="nowrap" align="flex-start">
                  <Stack gap={2}>
                    <Text fw={600}>{t("portal.case.invoice", { number: claim.number })}</Text>
                    <Text size="sm">
                      {t("portal.case.invoiceDates", {
                        issued: formatDay(claim.issueDate, lang),
                        due: formatDay(claim.dueDate, lang),
                      })}
                    </Text>
                    <Text size="sm">
                      {t("portal.case.invoiceAmounts", {
                        principal: money(claim.principal),
                        paid: money(claim.paid),
                      })}
                      {claim.indemnity > 0
                        ? ` · ${t("portal.case.invoiceIndemnity", { amount: money(claim.indemnity) })}`
                        : ""}
                    </Text>
                  </Stack>
                  <Text fw={700} style={{ whiteSpace: "nowrap" }}>
                    {money(claim.outstanding)}
                  </Text>
                </Group>
                {doc ? (
                  <DocumentButton
                    token={token}
                    session={session}
                    documentId={doc.id}
                    filename={doc.filename}
                    label={t("portal.case.invoicePdf", { number: claim.number })}
                  />
                ) : null}
                {creditNotesOf(claim.id).map((note) => (
                  <DocumentButton
                    key={note.id}
                    token={token}
                    session={session}
                    documentId={note.id}
                    filename={note.filename}
                    label={t("portal.case.creditNotePdf", {
                      name: note.filename.replace(/^avoir-|\.pdf$/g, ""),
                    })}
                  />
                ))}
              </Paper>
            );
          })}
        </Stack>
      </section>

      <section aria-labelledby="references-title">
        <Title order={2} size="h4" id="references-title" mb="xs">
          {t("portal.case.referencesTitle")}
        </Title>
        <Stack gap={4}>
          <Text>{t("portal.case.caseReference", { reference: data.reference })}</Text>
          {data.firstLetter ? (
            <Text>
              {t("portal.case.firstLetter", {
                reference: data.firstLetter.reference,
                date: formatDate(data.firstLetter.date, lang),
              })}
            </Text>
          ) : null}
          <Text>
            {t("portal.case.transfer")}{" "}
            <Text span fw={700} ff="monospace" data-testid="rf-reference">
              {data.paymentReference}
            </Text>
          </Text>
        </Stack>
      </section>

      {data.plan ? (
        <section aria-labelledby="plan-title">
          <Title order={2} size="h4" id="plan-title" mb="xs">
            {t("portal.case.planTitle")}
          </Title>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("portal.plan.due")}</Table.Th>
                <Table.Th ta="right">{t("portal.plan.amount")}</Table.Th>
                <Table.Th>{t("portal.plan.status")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.plan.instalments.map((i) => (
                <Table.Tr key={i.seq}>
                  <Table.Td>{formatDay(i.dueDate, lang)}</Table.Td>
                  <Table.Td ta="right">{money(i.amount)}</Table.Td>
                  <Table.Td>{translateOpen("portal.plan.statuses", i.status)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </section>
      ) : null}

      {receipts.length > 0 ? (
        <section aria-labelledby="payments-title">
          <Title order={2} size="h4" id="payments-title" mb="xs">
            {t("portal.case.paymentsTitle")}
          </Title>
          <Stack gap="xs">
            {receipts.map((p) => (
              <Group key={p.id} justify="space-between">
                <Text>
                  {t("portal.case.paymentLine", { date: formatDate(p.at, lang), amount: money(p.amount) })}
                </Text>
                <DocumentButton
                  token={token}
                  session={session}
                  documentId={p.receiptDocumentId!}
                  filename={
                    data.documents.find((d) => d.id === p.receiptDocumentId)?.filename ??
                    `${p.receiptNumber}.pdf`
                  }
                  label={t("portal.case.receipt", { number: p.receiptNumber })}
                />
              </Group>
            ))}
          </Stack>
        </section>
      ) : null}

      {!owing && data.status !== "closed" ? <Alert>{t("portal.case.nothingOwed")}</Alert> : null}
    </Stack>
  );
}
