import { TextInput } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { formatDay, formatMoney } from "../../../shared/format";
import { parseEuros, todayIso } from "../money-input";
import { portalPost } from "../queries";
import { ActionForm } from "./ActionForm";
import type { ActionProps } from "./types";

/** A promise to pay on a date (by default the whole balance); reminders pause until then. */
export function PromiseForm({ token, session, data, onDone, onCancel }: ActionProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? "fr";
  const balance = data.totals.outstanding;
  const latest = data.planOptions.latestFirstDate;
  const [dueDate, setDueDate] = useState("");
  const [amount, setAmount] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const money = (cents: number) => formatMoney({ amount: cents, currency: data.currency }, lang);

  const promise = useMutation({
    mutationFn: (body: { dueDate: string; amountCents?: number }) =>
      portalPost<{ dueDate: string; amountCents: number }>(token, session, "/promise", body),
    onSuccess: (p) => onDone({ kind: "promise", dueDate: p.dueDate, amountCents: p.amountCents }),
  });

  const submit = () => {
    if (!dueDate || dueDate < todayIso() || dueDate > latest) {
      setProblem(t("portal.promise.dateRange", { latest: formatDay(latest, lang) }));
      return;
    }
    const cents = amount.trim() ? parseEuros(amount) : balance;
    if (cents === null || cents <= 0 || cents > balance) {
      setProblem(t("portal.promise.amountRange", { max: money(balance) }));
      return;
    }
    setProblem(null);
    promise.mutate({ dueDate, amountCents: cents });
  };

  return (
    <ActionForm
      title={t("portal.promise.title")}
      intro={t("portal.promise.intro", { latest: formatDay(latest, lang) })}
      submitLabel={t("portal.promise.submit")}
      onSubmit={submit}
      onCancel={onCancel}
      pending={promise.isPending}
      problem={problem}
      error={promise.error}
    >
      <TextInput
        size="md"
        type="date"
        label={t("portal.promise.date")}
        min={todayIso()}
        max={latest}
        value={dueDate}
        onChange={(e) => setDueDate(e.currentTarget.value)}
        required
      />
      <TextInput
        size="md"
        label={t("portal.promise.amount")}
        description={t("portal.promise.amountHelp", { amount: money(balance) })}
        value={amount}
        onChange={(e) => setAmount(e.currentTarget.value)}
        inputMode="decimal"
        autoComplete="off"
      />
    </ActionForm>
  );
}
