import {
  Alert,
  Button,
  Grid,
  Group,
  NumberInput,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  UnstyledButton,
} from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../../shared/api";
import { formatDay } from "../../../shared/format";
import { errorMessage } from "../../../shared/ui/error-message";
import { creditorsQuery, mandatesQuery } from "../api";

function MandatesOf({ creditorId }: { creditorId: string }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const mandates = useQuery(mandatesQuery(creditorId));
  const latest = mandates.data?.at(-1);
  const today = new Date().toISOString().slice(0, 10);
  const [form, setForm] = useState({
    claimBasis: "",
    insuranceReference: "",
    rate: 15 as number | string,
    signedAt: today,
    effectiveFrom: today,
  });
  const create = useMutation({
    mutationFn: () =>
      api.post(`/api/agency/creditors/${creditorId}/mandates`, {
        claimBasis: form.claimBasis || latest?.claimBasis,
        insuranceReference: form.insuranceReference || latest?.insuranceReference,
        commission: { rateBp: Math.round(Number(form.rate) * 100) },
        remittance: {},
        planLimits: {},
        signedAt: form.signedAt,
        effectiveFrom: form.effectiveFrom,
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["mandates", creditorId] }),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  return (
    <Stack gap="sm">
      <Table aria-label={t("setup.creditors.mandates")}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t("setup.creditors.version")}</Table.Th>
            <Table.Th scope="col">{t("setup.creditors.status")}</Table.Th>
            <Table.Th scope="col">{t("setup.creditors.rate")}</Table.Th>
            <Table.Th scope="col">{t("setup.creditors.effectiveFrom")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(mandates.data ?? []).map((m) => (
            <Table.Tr key={m.id}>
              <Table.Td>v{m.version}</Table.Td>
              <Table.Td>{t(`setup.creditors.mandateStatus.${m.status as "active"}`)}</Table.Td>
              <Table.Td className="tabular">{(m.commission.rateBp / 100).toFixed(2)} %</Table.Td>
              <Table.Td>{formatDay(m.effectiveFrom, i18n.language)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <form onSubmit={submit}>
        <Stack gap="xs">
          <Title order={4} size="h5">
            {t("setup.creditors.newMandate")}
          </Title>
          <TextInput
            label={t("setup.creditors.claimBasis")}
            placeholder={latest?.claimBasis}
            value={form.claimBasis}
            onChange={(e) => setForm({ ...form, claimBasis: e.currentTarget.value })}
            required={!latest}
          />
          <TextInput
            label={t("setup.creditors.insurance")}
            placeholder={latest?.insuranceReference}
            value={form.insuranceReference}
            onChange={(e) => setForm({ ...form, insuranceReference: e.currentTarget.value })}
            required={!latest}
          />
          <NumberInput
            label={t("setup.creditors.rate")}
            min={0}
            max={100}
            decimalScale={2}
            value={form.rate}
            onChange={(v) => setForm({ ...form, rate: v })}
          />
          <Group grow>
            <TextInput
              type="date"
              label={t("setup.creditors.signedAt")}
              value={form.signedAt}
              onChange={(e) => setForm({ ...form, signedAt: e.currentTarget.value })}
            />
            <TextInput
              type="date"
              label={t("setup.creditors.effectiveFrom")}
              value={form.effectiveFrom}
              onChange={(e) => setForm({ ...form, effectiveFrom: e.currentTarget.value })}
            />
          </Group>
          {create.isError ? (
            <Alert color="red" role="alert">
              {errorMessage(t, create.error)}
            </Alert>
          ) : null}
          <Group>
            <Button type="submit" size="xs" loading={create.isPending}>
              {t("setup.creditors.saveMandate")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}

export function CreditorsPanel() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const creditors = useQuery(creditorsQuery);
  const [selected, setSelected] = useState<string | null>(null);
  const [form, setForm] = useState({ ref: "", legalName: "", siren: "" });
  const create = useMutation({
    mutationFn: () => api.post<{ id: string }>("/api/agency/creditors", { ...form, contacts: [] }),
    onSuccess: async (c) => {
      setForm({ ref: "", legalName: "", siren: "" });
      setSelected(c.id);
      await queryClient.invalidateQueries({ queryKey: creditorsQuery.queryKey });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  const current = creditors.data?.find((c) => c.id === selected);
  return (
    <Grid>
      <Grid.Col span={{ base: 12, md: 5 }}>
        <Stack gap="md">
          <Table highlightOnHover aria-label={t("setup.creditors.title")}>
            <Table.Tbody>
              {(creditors.data ?? []).map((c) => (
                <Table.Tr key={c.id} bg={c.id === selected ? "navy.0" : undefined}>
                  <Table.Td>
                    <UnstyledButton onClick={() => setSelected(c.id)} w="100%">
                      <Text size="sm" fw={600}>
                        {c.legalName}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {c.ref} · SIREN {c.siren}
                      </Text>
                    </UnstyledButton>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <form onSubmit={submit}>
            <Stack gap="xs">
              <Title order={3} size="h5">
                {t("setup.creditors.new")}
              </Title>
              <TextInput
                label={t("setup.creditors.ref")}
                required
                value={form.ref}
                onChange={(e) => setForm({ ...form, ref: e.currentTarget.value })}
              />
              <TextInput
                label={t("setup.creditors.legalName")}
                required
                value={form.legalName}
                onChange={(e) => setForm({ ...form, legalName: e.currentTarget.value })}
              />
              <TextInput
                label="SIREN"
                required
                value={form.siren}
                onChange={(e) => setForm({ ...form, siren: e.currentTarget.value })}
              />
              {create.isError ? (
                <Alert color="red" role="alert">
                  {errorMessage(t, create.error)}
                </Alert>
              ) : null}
              <Group>
                <Button type="submit" size="xs" loading={create.isPending}>
                  {t("setup.creditors.create")}
                </Button>
              </Group>
            </Stack>
          </form>
        </Stack>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 7 }}>
        {current ? (
          <Stack gap="sm">
            <Title order={3} size="h4">
              {current.legalName}
            </Title>
            <MandatesOf creditorId={current.id} />
          </Stack>
        ) : (
          <Text c="dimmed">{t("setup.creditors.pick")}</Text>
        )}
      </Grid.Col>
    </Grid>
  );
}
