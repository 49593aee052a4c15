import { Anchor, Group, Stack, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { formatDate } from "../../shared/format";

// What the creditor portal and the back office both show of a remittance: where its transfer stands at
// the bank, and its statement as PDF and CSV.

export type RemittanceStatus = "prepared" | "sent" | "paid" | "rejected" | "returned";

export interface Remittance {
  id: string;
  reference: string;
  creditorId: string;
  creditorRef: string;
  creditorName: string;
  runId: string | null;
  runReference: string | null;
  amountCents: number;
  collectedCents: number;
  commissionCents: number;
  vatCents: number;
  currency: string;
  paymentCount: number;
  status: RemittanceStatus;
  sentAt: string | null;
  executedOn: string | null;
  rejectedAt: string | null;
  rejectionReason: string | null;
  createdAt: string;
}

export type Page<T> = { items: T[]; nextCursor: string | null };

const appLanguage = (language: string) => (language.startsWith("en") ? "en" : "fr");

/** Where the transfer stands at the bank, with the date of its last step (and why, when it came back). */
export function RemittanceState({ remittance: r }: { remittance: Remittance }) {
  const { t, i18n } = useTranslation();
  const lang = appLanguage(i18n.language);
  // The bank's execution date is a calendar day: read at noon UTC so no time zone moves it.
  const when = {
    prepared: r.createdAt,
    sent: r.sentAt,
    paid: r.executedOn ? `${r.executedOn}T12:00:00Z` : null,
    rejected: r.rejectedAt,
    returned: r.rejectedAt,
  }[r.status];
  const back = r.status === "rejected" || r.status === "returned";
  return (
    <Stack gap={2} data-testid={`remittance-state-${r.reference}`}>
      <Text size="sm" fw={back ? 600 : 400}>
        {t(`money.remittanceState.${r.status}`, { date: when ? formatDate(when, lang) : "" })}
      </Text>
      {back && r.rejectionReason ? (
        <Text size="xs">{t("money.remittanceState.reason", { reason: r.rejectionReason })}</Text>
      ) : null}
      {back ? <Text size="xs">{t("money.remittanceState.heldAgain")}</Text> : null}
    </Stack>
  );
}

/** The remittance statement's download links; `base` is the caller's API (`/api/v1` or `/api/agency`). */
export function StatementLinks({ remittance: r, base }: { remittance: Remittance; base: string }) {
  const { t, i18n } = useTranslation();
  const lang = appLanguage(i18n.language);
  return (
    <Group gap="xs">
      <Anchor
        href={`${base}/remittances/${r.id}/statement?format=pdf&locale=${lang}`}
        aria-label={t("money.statementPdfOf", { reference: r.reference })}
      >
        PDF
      </Anchor>
      <Anchor
        href={`${base}/remittances/${r.id}/statement?format=csv&locale=${lang}`}
        aria-label={t("money.statementCsvOf", { reference: r.reference })}
      >
        CSV
      </Anchor>
    </Group>
  );
}
