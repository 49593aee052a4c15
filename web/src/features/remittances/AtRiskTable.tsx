import { Anchor, Badge, Table, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { formatDate, formatMoney } from "../../shared/format";
import { QueryErrorAlert } from "../../shared/ui/QueryErrorAlert";
import { atRiskQuery } from "./queries";

/** FR-10 (R124-6): what was collected and not paid over, whose one-month deadline is past or near. */
export function AtRiskTable() {
  const { t, i18n } = useTranslation();
  const query = useQuery(atRiskQuery);
  const lang = i18n.language;
  if (query.isError) return <QueryErrorAlert error={query.error} onRetry={() => void query.refetch()} />;
  if (!query.data) return null;
  if (query.data.items.length === 0)
    return (
      <Text c="dimmed" data-testid="at-risk-none">
        {t("remittances.atRisk.none")}
      </Text>
    );
  return (
    <Table.ScrollContainer minWidth={720}>
      <Table aria-labelledby="at-risk-heading" data-testid="at-risk">
        <Table.Thead>
          <Table.Tr>
            {(["creditor", "case", "receipt", "encashed", "due", "amount", "delay"] as const).map((c) => (
              <Table.Th key={c} scope="col" ta={c === "amount" ? "right" : undefined}>
                {t(`remittances.col.${c}`)}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {query.data.items.map((p) => (
            <Table.Tr key={p.paymentId}>
              <Table.Td>{p.creditorRef}</Table.Td>
              <Table.Td>
                <Anchor
                  size="sm"
                  renderRoot={(props) => (
                    <Link to="/backoffice/cases/$caseId" params={{ caseId: p.caseId }} {...props} />
                  )}
                >
                  {p.caseReference}
                </Anchor>
              </Table.Td>
              <Table.Td>{p.receiptNumber}</Table.Td>
              <Table.Td>{formatDate(p.encashedAt, lang)}</Table.Td>
              <Table.Td>{formatDate(p.remittanceDueAt, lang)}</Table.Td>
              <Table.Td ta="right" className="tabular">
                {formatMoney({ amount: p.heldCents, currency: p.currency }, lang)}
              </Table.Td>
              <Table.Td>
                {p.overdue ? (
                  <Badge color="red" variant="filled">
                    {t("remittances.atRisk.overdue")}
                  </Badge>
                ) : (
                  t("remittances.atRisk.daysLeft", { count: p.daysLeft })
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
