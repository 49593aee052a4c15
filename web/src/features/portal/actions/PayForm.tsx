import { Radio, Stack, TextInput } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { formatMoney } from "../../../shared/format";
import { parseEuros } from "../money-input";
import { portalPost } from "../queries";
import { ActionForm } from "./ActionForm";
import type { ActionProps } from "./types";

const MIN_CENTS = 100;

/** Pay all or part of the balance: the provider's hosted checkout takes over, then sends the debtor back. */
export function PayForm({ token, session, data, onCancel }: Omit<ActionProps, "onDone">) {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? "fr";
  const [mode, setMode] = useState<"full" | "part">("full");
  const [amount, setAmount] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const balance = data.totals.outstanding;
  const money = (cents: number) => formatMoney({ amount: cents, currency: data.currency }, lang);

  const pay = useMutation({
    mutationFn: (amountCents: number | undefined) =>
      portalPost<{ checkoutUrl: string }>(token, session, "/pay", amountCents ? { amountCents } : {}),
    onSuccess: ({ checkoutUrl }) => {
      window.location.assign(checkoutUrl);
    },
  });

  const submit = () => {
    if (mode === "full") {
      setProblem(null);
      pay.mutate(undefined);
      return;
    }
    const cents = parseEuros(amount);
    if (cents === null || cents < MIN_CENTS || cents > balance) {
      setProblem(t("portal.pay.amountRange", { min: money(MIN_CENTS), max: money(balance) }));
      return;
    }
    setProblem(null);
    pay.mutate(cents);
  };

  return (
    <ActionForm
      title={t("portal.pay.title")}
      intro={t("portal.pay.intro")}
      submitLabel={t("portal.pay.submit")}
      onSubmit={submit}
      onCancel={onCancel}
      pending={pay.isPending || pay.isSuccess}
      problem={problem}
      error={pay.error}
    >
      <Radio.Group
        label={t("portal.pay.howMuch")}
        value={mode}
        onChange={(v) => setMode(v as "full" | "part")}
      >
        <Stack gap="xs" mt="xs">
          <Radio value="full" label={t("portal.pay.full", { amount: money(balance) })} />
          <Radio value="part" label={t("portal.pay.part")} />
        </Stack>
      </Radio.Group>
      {mode === "part" ? (
        <TextInput
          size="md"
          label={t("portal.pay.amount")}
          description={t("portal.pay.amountHelp", { min: money(MIN_CENTS), max: money(balance) })}
          value={amount}
          onChange={(e) => setAmount(e.currentTarget.value)}
          inputMode="decimal"
          autoComplete="off"
          required
        />
      ) : null}
    </ActionForm>
  );
}
