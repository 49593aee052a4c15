import { Alert, Button, Group, Stack, Table, Text } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { formatDate, formatMoney } from "../../shared/format";
import { translateOpen } from "../../shared/i18n";
import { QueryErrorAlert } from "../../shared/ui/QueryErrorAlert";
import { REMITTANCES_KEY, runRemittance } from "./queries";

/** Preview what each creditor is owed and whether it is due, then prepare the run (the pain.001 file). */
export function PrepareRun() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const queryClient = useQueryClient();
  const preview = useMutation({ mutationFn: () => runRemittance(true) });
  const commit = useMutation({
    mutationFn: (creditorId?: string) => runRemittance(false, creditorId),
    onSuccess: () => {
      preview.reset();
      return queryClient.invalidateQueries({ queryKey: REMITTANCES_KEY });
    },
  });
  const eur = (cents: number) => formatMoney({ amount: cents, currency: "EUR" }, lang);
  const candidates = preview.data?.candidates ?? [];
  return (
    <Stack gap="sm">
      <Text size="sm">{t("remittances.prepare.help")}</Text>
      <Group>
        <Button variant="default" onClick={() => preview.mutate()} loading={preview.isPending}>
          {t("remittances.prepare.preview")}
        </Button>
        <Button onClick={() => commit.mutate(undefined)} loading={commit.isPending}>
          {t("remittances.prepare.commit")}
        </Button>
      </Group>
      {preview.error ? <QueryErrorAlert error={preview.error} /> : null}
      {commit.error ? <QueryErrorAlert error={commit.error} /> : null}
      {commit.data ? (
        <Alert color={commit.data.run ? "green" : "gray"} role="status">
          {commit.data.run
            ? t("remittances.prepare.done", {
                reference: commit.data.run.reference,
                count: commit.data.run.transferCount,
                total: eur(commit.data.run.totalCents),
              })
            : t("remittances.prepare.noneDue")}
        </Alert>
      ) : null}
      {preview.data && candidates.length === 0 ? (
        <Text c="dimmed">{t("remittances.prepare.nothing")}</Text>
      ) : null}
      {candidates.length > 0 ? (
        <Table.ScrollContainer minWidth={640}>
          <Table aria-label={t("remittances.prepare.preview")} data-testid="run-preview">
            <Table.Thead>
              <Table.Tr>
                {(["creditor", "held", "payments", "due", "decision", "actions"] as const).map((c) => (
                  <Table.Th key={c} scope="col" ta={c === "held" || c === "payments" ? "right" : undefined}>
                    {t(`remittances.col.${c}`)}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {candidates.map((c) => (
                <Table.Tr key={c.creditorId}>
                  <Table.Td>
                    {c.creditorName} ({c.creditorRef})
                  </Table.Td>
                  <Table.Td ta="right" className="tabular">
                    {eur(c.heldCents)}
                  </Table.Td>
                  <Table.Td ta="right">{c.paymentCount}</Table.Td>
                  <Table.Td>{c.oldestDueAt ? formatDate(c.oldestDueAt, lang) : "—"}</Table.Td>
                  <Table.Td>
                    {c.blocked
                      ? translateOpen("remittances.blocked", c.blocked)
                      : translateOpen("remittances.decision", c.decision.reason)}
                  </Table.Td>
                  <Table.Td>
                    {/* The schedule may wait; the agency may still pay a creditor now (R124-6 sets a latest date only). */}
                    {!c.decision.due && !c.blocked && c.heldCents > 0 ? (
                      <Button
                        size="compact-sm"
                        variant="default"
                        onClick={() => commit.mutate(c.creditorId)}
                        aria-label={t("remittances.prepare.payNowOf", { creditor: c.creditorName })}
                      >
                        {t("remittances.prepare.payNow")}
                      </Button>
                    ) : null}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      ) : null}
    </Stack>
  );
}
