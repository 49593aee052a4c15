import {
  Alert,
  Anchor,
  Button,
  Fieldset,
  Group,
  NativeSelect,
  NumberInput,
  Stack,
  Text,
  TextInput,
} from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, isApiError } from "../../../shared/api";
import { errorMessage } from "../../../shared/ui/error-message";
import { PageHeader } from "../../../shared/ui/PageHeader";

// One case by hand: the same body as POST /api/v1/cases. Amounts are typed in euros and sent in cents.

interface ClaimForm {
  key: string;
  number: string;
  issueDate: string;
  dueDate: string;
  amount: number | string;
}

const emptyClaim = (): ClaimForm => ({
  key: crypto.randomUUID(),
  number: "",
  issueDate: "",
  dueDate: "",
  amount: "",
});

interface FieldIssue {
  field: string;
  message: string;
}

export function SubmitPage() {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const [externalRef, setExternalRef] = useState("");
  const [kind, setKind] = useState<"company" | "person">("company");
  const [debtor, setDebtor] = useState({
    companyName: "",
    siren: "",
    firstName: "",
    lastName: "",
    email: "",
    phone: "",
    line1: "",
    postalCode: "",
    city: "",
  });
  const [claims, setClaims] = useState<ClaimForm[]>([emptyClaim()]);
  const d = (key: keyof typeof debtor) => ({
    value: debtor[key],
    onChange: (e: React.ChangeEvent<HTMLInputElement>) =>
      setDebtor({ ...debtor, [key]: e.currentTarget.value }),
  });

  const submit = useMutation({
    mutationFn: () =>
      api.post<{ id: string; reference: string; created: boolean }>("/api/v1/cases", {
        externalRef: externalRef.trim(),
        debtor: {
          kind,
          ...(kind === "company"
            ? { companyName: debtor.companyName, siren: debtor.siren || undefined }
            : { firstName: debtor.firstName || undefined, lastName: debtor.lastName }),
          email: debtor.email || undefined,
          phone: debtor.phone || undefined,
          address: debtor.line1
            ? { line1: debtor.line1, postalCode: debtor.postalCode, city: debtor.city, country: "FR" }
            : undefined,
        },
        claims: claims.map((c) => ({
          number: c.number,
          issueDate: c.issueDate,
          dueDate: c.dueDate,
          principal: { amount: Math.round(Number(c.amount) * 100), currency: "EUR" },
        })),
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["cases"] }),
  });
  const issues: FieldIssue[] =
    isApiError(submit.error, "validation_failed") && submit.error.details
      ? ((submit.error.details as { issues?: FieldIssue[] }).issues ?? [])
      : [];
  const issueFor = (field: string) => issues.find((i) => i.field.replace(/^body\./, "") === field)?.message;
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    submit.mutate();
  };

  return (
    <>
      <PageHeader title={t("creditor.submit.title")} description={t("creditor.submit.description")} />
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="md" maw={760}>
          {submit.isSuccess ? (
            <Alert
              color="green"
              role="status"
              title={submit.data.created ? t("submit.created") : t("submit.repeated")}
            >
              <Anchor
                renderRoot={(props) => (
                  <Link to="/creditor/cases/$caseId" params={{ caseId: submit.data.id }} {...props} />
                )}
              >
                {t("submit.open", { reference: submit.data.reference })}
              </Anchor>
            </Alert>
          ) : null}
          {submit.isError ? (
            <Alert color="red" role="alert" title={t("submit.failed")}>
              {issues.length > 0 ? (
                <Stack gap={2}>
                  {issues.map((i) => (
                    <Text size="sm" key={i.field}>
                      {i.field.replace(/^body\./, "")}: {i.message}
                    </Text>
                  ))}
                </Stack>
              ) : (
                errorMessage(t, submit.error)
              )}
            </Alert>
          ) : null}
          <TextInput
            label={t("submit.externalRef")}
            description={t("submit.externalRefHint")}
            required
            value={externalRef}
            onChange={(e) => setExternalRef(e.currentTarget.value)}
            error={issueFor("externalRef")}
          />
          <Fieldset legend={t("submit.debtor")}>
            <Stack gap="sm">
              <NativeSelect
                label={t("submit.kind")}
                value={kind}
                onChange={(e) => setKind(e.currentTarget.value as "company" | "person")}
                data={[
                  { value: "company", label: t("case.debtorKind.company") },
                  { value: "person", label: t("case.debtorKind.person") },
                ]}
              />
              {kind === "company" ? (
                <Group grow>
                  <TextInput
                    label={t("submit.companyName")}
                    required
                    {...d("companyName")}
                    error={issueFor("debtor.companyName")}
                  />
                  <TextInput label="SIREN" {...d("siren")} error={issueFor("debtor.siren")} />
                </Group>
              ) : (
                <Group grow>
                  <TextInput label={t("submit.firstName")} {...d("firstName")} />
                  <TextInput
                    label={t("submit.lastName")}
                    required
                    {...d("lastName")}
                    error={issueFor("debtor.lastName")}
                  />
                </Group>
              )}
              <Group grow>
                <TextInput
                  label={t("auth.email")}
                  type="email"
                  {...d("email")}
                  error={issueFor("debtor.email")}
                />
                <TextInput
                  label={t("submit.phone")}
                  type="tel"
                  {...d("phone")}
                  error={issueFor("debtor.phone")}
                />
              </Group>
              <TextInput label={t("submit.address")} {...d("line1")} />
              <Group grow>
                <TextInput
                  label={t("submit.postalCode")}
                  {...d("postalCode")}
                  error={issueFor("debtor.address.postalCode")}
                />
                <TextInput label={t("submit.city")} {...d("city")} />
              </Group>
            </Stack>
          </Fieldset>
          {claims.map((c, i) => {
            const set = (patch: Partial<ClaimForm>) =>
              setClaims(claims.map((x, j) => (j === i ? { ...x, ...patch } : x)));
            return (
              <Fieldset key={c.key} legend={t("submit.claim", { n: i + 1 })}>
                <Group grow align="flex-start">
                  <TextInput
                    label={t("caseDetail.claimColumns.number")}
                    required
                    value={c.number}
                    onChange={(e) => set({ number: e.currentTarget.value })}
                    error={issueFor(`claims.${i}.number`)}
                  />
                  <TextInput
                    type="date"
                    label={t("caseDetail.claimColumns.issueDate")}
                    required
                    value={c.issueDate}
                    onChange={(e) => set({ issueDate: e.currentTarget.value })}
                    error={issueFor(`claims.${i}.issueDate`)}
                  />
                  <TextInput
                    type="date"
                    label={t("caseDetail.claimColumns.dueDate")}
                    required
                    value={c.dueDate}
                    onChange={(e) => set({ dueDate: e.currentTarget.value })}
                    error={issueFor(`claims.${i}.dueDate`)}
                  />
                  <NumberInput
                    label={t("submit.amount")}
                    required
                    min={0}
                    decimalScale={2}
                    decimalSeparator={i18n.language === "fr" ? "," : "."}
                    value={c.amount}
                    onChange={(v) => set({ amount: v })}
                    error={issueFor(`claims.${i}.principal.amount`)}
                  />
                </Group>
                {claims.length > 1 ? (
                  <Button
                    variant="subtle"
                    size="xs"
                    mt="xs"
                    onClick={() => setClaims(claims.filter((_, j) => j !== i))}
                  >
                    {t("submit.removeClaim")}
                  </Button>
                ) : null}
              </Fieldset>
            );
          })}
          <Group>
            <Button variant="default" onClick={() => setClaims([...claims, emptyClaim()])}>
              {t("submit.addClaim")}
            </Button>
            <Button type="submit" loading={submit.isPending}>
              {t("submit.submit")}
            </Button>
          </Group>
        </Stack>
      </form>
    </>
  );
}
