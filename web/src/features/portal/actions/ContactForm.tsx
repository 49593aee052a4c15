import { Fieldset, Stack, TextInput } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { portalPost } from "../queries";
import { ActionForm } from "./ActionForm";
import type { ActionProps } from "./types";

/** New phone, email or postal address; each is added to the case's contact points. */
export function ContactForm({ token, session, onDone, onCancel }: ActionProps) {
  const { t } = useTranslation();
  const [phone, setPhone] = useState("");
  const [email, setEmail] = useState("");
  const [line1, setLine1] = useState("");
  const [postalCode, setPostalCode] = useState("");
  const [city, setCity] = useState("");
  const [problem, setProblem] = useState<string | null>(null);

  const contact = useMutation({
    mutationFn: () =>
      portalPost<{ ok: true }>(token, session, "/contact", {
        phone: phone.trim() || undefined,
        email: email.trim() || undefined,
        address: line1.trim()
          ? { line1: line1.trim(), postalCode: postalCode.trim(), city: city.trim(), country: "FR" }
          : undefined,
      }),
    onSuccess: () => onDone({ kind: "contact" }),
  });

  const submit = () => {
    const anyAddress = line1.trim() || postalCode.trim() || city.trim();
    if (!phone.trim() && !email.trim() && !anyAddress) return setProblem(t("portal.contact.missing"));
    if (anyAddress && !(line1.trim() && postalCode.trim() && city.trim()))
      return setProblem(t("portal.contact.addressIncomplete"));
    if (email.trim() && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.trim()))
      return setProblem(t("portal.contact.badEmail"));
    setProblem(null);
    contact.mutate();
  };

  return (
    <ActionForm
      title={t("portal.contact.title")}
      intro={t("portal.contact.intro")}
      submitLabel={t("portal.contact.submit")}
      onSubmit={submit}
      onCancel={onCancel}
      pending={contact.isPending}
      problem={problem}
      error={contact.error}
    >
      <TextInput
        size="md"
        type="tel"
        label={t("portal.contact.phone")}
        value={phone}
        onChange={(e) => setPhone(e.currentTarget.value)}
        autoComplete="tel"
      />
      <TextInput
        size="md"
        type="email"
        label={t("portal.contact.email")}
        value={email}
        onChange={(e) => setEmail(e.currentTarget.value)}
        autoComplete="email"
      />
      <Fieldset legend={t("portal.contact.address")} variant="unstyled">
        <Stack gap="sm">
          <TextInput
            size="md"
            label={t("portal.contact.line1")}
            value={line1}
            onChange={(e) => setLine1(e.currentTarget.value)}
            autoComplete="address-line1"
          />
          <TextInput
            size="md"
            label={t("portal.contact.postalCode")}
            value={postalCode}
            onChange={(e) => setPostalCode(e.currentTarget.value)}
            autoComplete="postal-code"
          />
          <TextInput
            size="md"
            label={t("portal.contact.city")}
            value={city}
            onChange={(e) => setCity(e.currentTarget.value)}
            autoComplete="address-level2"
          />
        </Stack>
      </Fieldset>
    </ActionForm>
  );
}
