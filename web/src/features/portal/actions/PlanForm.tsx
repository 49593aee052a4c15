import { Alert, Button, Stack, Table, TextInput } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { formatDay, formatMoney } from "../../../shared/format";
import { todayIso } from "../money-input";
import { type PlanQuote, portalPost } from "../queries";
import { ActionForm } from "./ActionForm";
import type { ActionProps } from "./types";

/** A payment plan within the mandate's limits: the debtor sees the schedule first, then confirms it. */
export function PlanForm({ token, session, data, onDone, onCancel }: ActionProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? "fr";
  const { maxInstalments, minInstalment, latestFirstDate } = data.planOptions;
  const [count, setCount] = useState(String(Math.min(3, maxInstalments)));
  const [firstDate, setFirstDate] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const [quote, setQuote] = useState<PlanQuote | null>(null);
  const money = (cents: number) => formatMoney({ amount: cents, currency: data.currency }, lang);
  const body = () => ({ instalments: Number(count), firstDate });

  const quoteCall = useMutation({
    mutationFn: () => portalPost<PlanQuote>(token, session, "/plan/quote", body()),
    onSuccess: setQuote,
  });
  const confirm = useMutation({
    mutationFn: () => portalPost<PlanQuote & { planId: string }>(token, session, "/plan", body()),
    onSuccess: (plan) => onDone({ kind: "plan", instalments: plan.instalments }),
  });

  if (maxInstalments < 2) {
    return (
      <Stack gap="md" pt="md">
        <Alert>{t("portal.plan.unavailable", { min: money(minInstalment) })}</Alert>
        <Button size="md" variant="default" onClick={onCancel}>
          {t("portal.back")}
        </Button>
      </Stack>
    );
  }

  const submit = () => {
    if (quote) {
      confirm.mutate();
      return;
    }
    const n = Number(count);
    if (!Number.isInteger(n) || n < 2 || n > maxInstalments) {
      setProblem(t("portal.plan.countRange", { max: maxInstalments }));
      return;
    }
    if (!firstDate || firstDate < todayIso() || firstDate > latestFirstDate) {
      setProblem(t("portal.plan.dateRange", { latest: formatDay(latestFirstDate, lang) }));
      return;
    }
    setProblem(null);
    quoteCall.mutate();
  };

  return (
    <ActionForm
      title={t("portal.plan.title")}
      intro={t("portal.plan.intro", {
        max: maxInstalments,
        min: money(minInstalment),
        latest: formatDay(latestFirstDate, lang),
      })}
      submitLabel={quote ? t("portal.plan.confirm") : t("portal.plan.quote")}
      onSubmit={submit}
      onCancel={onCancel}
      pending={quoteCall.isPending || confirm.isPending}
      problem={problem}
      error={confirm.error ?? quoteCall.error}
    >
      <TextInput
        size="md"
        type="number"
        label={t("portal.plan.count")}
        description={t("portal.plan.countHelp", { max: maxInstalments })}
        min={2}
        max={maxInstalments}
        value={count}
        onChange={(e) => {
          setCount(e.currentTarget.value);
          setQuote(null);
        }}
        required
      />
      <TextInput
        size="md"
        type="date"
        label={t("portal.plan.firstDate")}
        min={todayIso()}
        max={latestFirstDate}
        value={firstDate}
        onChange={(e) => {
          setFirstDate(e.currentTarget.value);
          setQuote(null);
        }}
        required
      />
      {quote ? (
        <Table captionSide="top">
          <Table.Caption>
            {t("portal.plan.scheduleCaption", { total: money(quote.totalCents) })}
          </Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("portal.plan.due")}</Table.Th>
              <Table.Th ta="right">{t("portal.plan.amount")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {quote.instalments.map((i) => (
              <Table.Tr key={i.seq}>
                <Table.Td>{formatDay(i.dueDate, lang)}</Table.Td>
                <Table.Td ta="right">{money(i.amountCents)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : null}
    </ActionForm>
  );
}
