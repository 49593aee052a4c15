import { Button, List, Loader, Paper, Stack, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { formatDay, formatMoney } from "../../shared/format";
import type { Done } from "./actions/types";
import { DocumentButton } from "./CaseOverview";
import type { PortalCase } from "./queries";
import { ScreenTitle } from "./ScreenTitle";

/** The screen after an action: what was recorded and what happens next. */
export function Confirmation({ done, data, onBack }: { done: Done; data: PortalCase; onBack: () => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? "fr";
  const money = (amount: number) => formatMoney({ amount, currency: data.currency }, lang);
  return (
    <Stack gap="md" pt="md">
      <ScreenTitle>{t(`portal.done.${done.kind}.title`)}</ScreenTitle>
      {done.kind === "promise" ? (
        <Text>
          {t("portal.done.promise.body", {
            amount: money(done.amountCents),
            date: formatDay(done.dueDate, lang),
          })}
        </Text>
      ) : (
        <Text>
          {t(`portal.done.${done.kind}.body`, {
            agency: data.agency.name,
            creditor: data.creditor.name,
            when: done.kind === "appointment" ? done.when : "",
          })}
        </Text>
      )}
      {done.kind === "plan" ? (
        <List>
          {done.instalments.map((i) => (
            <List.Item key={i.dueDate}>
              {t("portal.done.plan.line", { date: formatDay(i.dueDate, lang), amount: money(i.amountCents) })}
            </List.Item>
          ))}
        </List>
      ) : null}
      <Button size="md" onClick={onBack}>
        {t("portal.backToCase")}
      </Button>
    </Stack>
  );
}

/**
 * Where the payment provider sends the debtor back. The payment counts once the provider's signed
 * notice has arrived; until then the page says so and checks again.
 */
export function PaymentReturn({
  token,
  session,
  data,
  paymentLinkId,
  cancelled,
  onBack,
}: {
  token: string;
  session: string;
  data: PortalCase;
  paymentLinkId: string;
  cancelled: boolean;
  onBack: () => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? "fr";
  const payment = data.payments.find((p) => p.paymentLinkId === paymentLinkId);
  const money = (amount: number) => formatMoney({ amount, currency: data.currency }, lang);
  const receipt = payment?.receiptDocumentId
    ? data.documents.find((d) => d.id === payment.receiptDocumentId)
    : undefined;

  if (cancelled && !payment) {
    return (
      <Stack gap="md" pt="md">
        <ScreenTitle>{t("portal.paid.cancelledTitle")}</ScreenTitle>
        <Text>{t("portal.paid.cancelledBody")}</Text>
        <Button size="md" onClick={onBack}>
          {t("portal.backToCase")}
        </Button>
      </Stack>
    );
  }
  if (!payment) {
    return (
      <Stack gap="md" pt="md">
        <ScreenTitle>{t("portal.paid.pendingTitle")}</ScreenTitle>
        <Text role="status">{t("portal.paid.pendingBody")}</Text>
        <Loader aria-hidden="true" />
        <Button size="md" variant="default" onClick={onBack}>
          {t("portal.backToCase")}
        </Button>
      </Stack>
    );
  }
  return (
    <Stack gap="md" pt="md">
      <ScreenTitle>{t("portal.paid.title")}</ScreenTitle>
      <Text>{t("portal.paid.body", { amount: money(payment.amount), creditor: data.creditor.name })}</Text>
      <Text>
        {data.totals.outstanding > 0
          ? t("portal.paid.remaining", { amount: money(data.totals.outstanding) })
          : t("portal.paid.settled")}
      </Text>
      {receipt ? (
        <Paper withBorder p="md" bg="navy.0" component="section" aria-labelledby="receipt-title">
          <Text fw={700} id="receipt-title" mb={4}>
            {t("portal.paid.receiptTitle", { number: payment.receiptNumber })}
          </Text>
          <DocumentButton
            token={token}
            session={session}
            documentId={receipt.id}
            filename={receipt.filename}
            label={t("portal.paid.receipt")}
          />
        </Paper>
      ) : null}
      <Button size="md" onClick={onBack}>
        {t("portal.backToCase")}
      </Button>
    </Stack>
  );
}
