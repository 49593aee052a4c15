import { Alert, Button, SegmentedControl, Stack, Text, TextInput } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, isApiError } from "../../shared/api";
import { errorMessage } from "../../shared/ui/error-message";
import type { PortalLink } from "./queries";
import { ScreenTitle } from "./ScreenTitle";
import { savePortalSession } from "./session";

type PersonProof = "invoice" | "birthDate";

function lockMinutes(error: unknown): number | null {
  if (!isApiError(error, "rate_limited")) return null;
  const seconds = (error.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
  return typeof seconds === "number" ? Math.max(1, Math.ceil(seconds / 60)) : null;
}

/**
 * The light identity check before any detail is shown: a private person gives the postal code and an
 * invoice number (or the birth date), a business its SIREN. Repeated failures lock the link for a while.
 */
export function IdentityCheck({
  token,
  link,
  onPassed,
}: {
  token: string;
  link: PortalLink;
  onPassed: (sessionToken: string) => void;
}) {
  const { t } = useTranslation();
  const [postalCode, setPostalCode] = useState("");
  const [proof, setProof] = useState<PersonProof>("invoice");
  const [invoiceNumber, setInvoiceNumber] = useState("");
  const [birthDate, setBirthDate] = useState("");
  const [siren, setSiren] = useState("");
  const [missing, setMissing] = useState(false);
  const company = link.identityCheck === "company";

  const check = useMutation({
    mutationFn: () =>
      api.post<{ sessionToken: string; expiresAt: string }>(
        `/api/portal/${encodeURIComponent(token)}/session`,
        company ? { siren } : proof === "invoice" ? { postalCode, invoiceNumber } : { postalCode, birthDate },
        { redirectOn401: false },
      ),
    onSuccess: (session) => {
      savePortalSession(token, session);
      onPassed(session.sessionToken);
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const filled = company
      ? siren.trim() !== ""
      : postalCode.trim() !== "" && (proof === "invoice" ? invoiceNumber.trim() !== "" : birthDate !== "");
    setMissing(!filled);
    if (filled) check.mutate();
  };

  const minutes = lockMinutes(check.error);
  const locked = link.locked || minutes !== null;
  const error = check.isError
    ? isApiError(check.error, "invalid_credentials")
      ? t("portal.identity.mismatch")
      : minutes !== null
        ? t("portal.identity.locked", { count: minutes })
        : errorMessage(t, check.error)
    : link.locked
      ? t("portal.identity.lockedNow")
      : null;

  return (
    <Stack gap="md" pt="md">
      <ScreenTitle>{t("portal.identity.title")}</ScreenTitle>
      <Text>{t("portal.welcome.sentBy", { agency: link.agency.name })}</Text>
      <Text>{company ? t("portal.identity.introCompany") : t("portal.identity.introPerson")}</Text>
      <form onSubmit={submit} noValidate aria-describedby={error ? "identity-error" : undefined}>
        <Stack gap="md">
          {error ? (
            <Alert color="red" id="identity-error" role="alert" title={t("portal.identity.failedTitle")}>
              {error}
            </Alert>
          ) : null}
          {missing ? (
            <Alert color="red" role="alert">
              {t("portal.identity.missing")}
            </Alert>
          ) : null}
          {company ? (
            <TextInput
              size="md"
              label={t("portal.identity.siren")}
              description={t("portal.identity.sirenHelp")}
              value={siren}
              onChange={(e) => setSiren(e.currentTarget.value)}
              inputMode="numeric"
              autoComplete="off"
              required
            />
          ) : (
            <>
              <TextInput
                size="md"
                label={t("portal.identity.postalCode")}
                value={postalCode}
                onChange={(e) => setPostalCode(e.currentTarget.value)}
                autoComplete="postal-code"
                inputMode="numeric"
                required
              />
              <Stack gap={4}>
                <Text size="sm" fw={500} id="proof-label">
                  {t("portal.identity.proofLabel")}
                </Text>
                <SegmentedControl
                  aria-labelledby="proof-label"
                  value={proof}
                  onChange={(v) => setProof(v as PersonProof)}
                  data={[
                    { value: "invoice", label: t("portal.identity.byInvoice") },
                    { value: "birthDate", label: t("portal.identity.byBirthDate") },
                  ]}
                />
              </Stack>
              {proof === "invoice" ? (
                <TextInput
                  size="md"
                  label={t("portal.identity.invoiceNumber")}
                  description={t("portal.identity.invoiceHelp")}
                  value={invoiceNumber}
                  onChange={(e) => setInvoiceNumber(e.currentTarget.value)}
                  autoComplete="off"
                  required
                />
              ) : (
                <TextInput
                  size="md"
                  type="date"
                  label={t("portal.identity.birthDate")}
                  value={birthDate}
                  onChange={(e) => setBirthDate(e.currentTarget.value)}
                  autoComplete="bday"
                  required
                />
              )}
            </>
          )}
          <Button type="submit" size="md" loading={check.isPending} disabled={locked}>
            {t("portal.identity.submit")}
          </Button>
          <Text size="sm" c="dimmed">
            {t("portal.identity.privacy")}
          </Text>
        </Stack>
      </form>
    </Stack>
  );
}
