import { Anchor, Button, Group, Table, Text } from "@mantine/core";
import { useInfiniteQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { formatDate, formatDay, formatMoney } from "../../shared/format";
import { QueryErrorAlert } from "../../shared/ui/QueryErrorAlert";
import { type Remittance, RemittanceState, StatementLinks } from "../money/remittances";
import type { MarkKind, MarkRequest } from "./MarkDialog";
import { type MarkTarget, remittancesQuery, runsQuery } from "./queries";

// The runs (one pain.001 file each) and the remittances they carry, with the marks the bank's answers
// allow: sent, then paid, or rejected; once paid, returned.

/** The marks a remittance in this state may still take (remittance-lifecycle.ts). */
function marksFor(status: Remittance["status"]): MarkKind[] {
  switch (status) {
    case "prepared":
      return ["sent", "paid", "rejected"];
    case "sent":
      return ["paid", "rejected"];
    case "paid":
      return ["returned"];
    case "rejected":
    case "returned":
      return [];
  }
}

function MarkButtons(props: {
  target: MarkTarget;
  kinds: MarkKind[];
  onMark: (request: MarkRequest) => void;
}) {
  const { t } = useTranslation();
  return (
    <Group gap={6} wrap="nowrap">
      {props.kinds.map((kind) => (
        <Button
          key={kind}
          size="compact-sm"
          variant={kind === "rejected" || kind === "returned" ? "light" : "default"}
          color={kind === "rejected" || kind === "returned" ? "red" : undefined}
          aria-label={t(`remittances.mark.${kind}Of`, { reference: props.target.reference })}
          onClick={() => props.onMark({ target: props.target, kind })}
        >
          {t(`remittances.mark.${kind}`)}
        </Button>
      ))}
    </Group>
  );
}

function Header({ columns }: { columns: [string, ("right" | undefined)?][] }) {
  const { t } = useTranslation();
  return (
    <Table.Thead>
      <Table.Tr>
        {columns.map(([c, align]) => (
          <Table.Th key={c} scope="col" ta={align}>
            {t(`remittances.col.${c}` as "remittances.col.reference")}
          </Table.Th>
        ))}
      </Table.Tr>
    </Table.Thead>
  );
}

interface ListQuery {
  error: unknown;
  data?: unknown;
  refetch: () => unknown;
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => unknown;
}

/** A paged list: its error, its empty state, or the table and a button for the next page. */
function Listing(props: { query: ListQuery; count: number; empty: string; children: ReactNode }) {
  const { t } = useTranslation();
  const { query } = props;
  if (query.error) return <QueryErrorAlert error={query.error} onRetry={() => void query.refetch()} />;
  if (!query.data) return null;
  if (props.count === 0) return <Text c="dimmed">{props.empty}</Text>;
  return (
    <>
      <Table.ScrollContainer minWidth={720}>{props.children}</Table.ScrollContainer>
      {query.hasNextPage ? (
        <Button
          variant="default"
          mt="sm"
          onClick={() => void query.fetchNextPage()}
          loading={query.isFetchingNextPage}
        >
          {t("cases.loadMore")}
        </Button>
      ) : null}
    </>
  );
}

export function RunsTable({ canMark, onMark }: { canMark: boolean; onMark: (r: MarkRequest) => void }) {
  const { t, i18n } = useTranslation();
  const query = useInfiniteQuery(runsQuery(canMark));
  const runs = query.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Listing query={query} count={runs.length} empty={t("remittances.runs.none")}>
      <Table aria-labelledby="runs-heading" data-testid="runs">
        <Header
          columns={[
            ["reference"],
            ["execution"],
            ["transfers", "right"],
            ["total", "right"],
            ["created"],
            ["file"],
            ["actions"],
          ]}
        />
        <Table.Tbody>
          {runs.map((r) => (
            <Table.Tr key={r.id}>
              <Table.Td>{r.reference}</Table.Td>
              <Table.Td>{formatDay(r.executionDate, i18n.language)}</Table.Td>
              <Table.Td ta="right">{r.transferCount}</Table.Td>
              <Table.Td ta="right" className="tabular">
                {formatMoney({ amount: r.totalCents, currency: r.currency }, i18n.language)}
              </Table.Td>
              <Table.Td>{formatDate(r.createdAt, i18n.language)}</Table.Td>
              <Table.Td>
                {r.transferCount > 0 ? (
                  <Anchor
                    href={`/api/agency/remittance-runs/${r.id}/pain001`}
                    download
                    aria-label={t("remittances.runs.file", { reference: r.reference })}
                  >
                    pain.001
                  </Anchor>
                ) : (
                  "—"
                )}
              </Table.Td>
              <Table.Td>
                {r.transferCount > 0 ? (
                  <MarkButtons
                    target={{ kind: "run", id: r.id, reference: r.reference }}
                    kinds={["sent", "paid"]}
                    onMark={onMark}
                  />
                ) : null}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Listing>
  );
}

export function RemittancesTable({
  canMark,
  onMark,
}: {
  canMark: boolean;
  onMark: (r: MarkRequest) => void;
}) {
  const { t, i18n } = useTranslation();
  const query = useInfiniteQuery(remittancesQuery);
  const items = query.data?.pages.flatMap((p) => p.items) ?? [];
  const columns: [string, ("right" | undefined)?][] = [
    ["reference"],
    ["creditor"],
    ["run"],
    ["net", "right"],
    ["state"],
    ["statement"],
    ...(canMark ? ([["actions"]] as [string][]) : []),
  ];
  return (
    <Listing query={query} count={items.length} empty={t("remittances.list.none")}>
      <Table aria-labelledby="remittances-heading" data-testid="remittances">
        <Header columns={columns} />
        <Table.Tbody>
          {items.map((r) => (
            <Table.Tr key={r.id} data-testid={`remittance-${r.reference}`}>
              <Table.Td>{r.reference}</Table.Td>
              <Table.Td>{r.creditorName}</Table.Td>
              <Table.Td>{r.runReference ?? "—"}</Table.Td>
              <Table.Td ta="right" className="tabular">
                {formatMoney({ amount: r.amountCents, currency: r.currency }, i18n.language)}
              </Table.Td>
              <Table.Td>
                <RemittanceState remittance={r} />
              </Table.Td>
              <Table.Td>
                <StatementLinks remittance={r} base="/api/agency" />
              </Table.Td>
              {canMark ? (
                <Table.Td>
                  <MarkButtons
                    target={{ kind: "remittance", id: r.id, reference: r.reference }}
                    kinds={r.amountCents > 0 ? marksFor(r.status) : []}
                    onMark={onMark}
                  />
                </Table.Td>
              ) : null}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Listing>
  );
}
