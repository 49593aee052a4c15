import { Alert, Anchor, Button, Code, Group, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { WebhookEndpoints } from "../../../features/webhooks/WebhookEndpoints";
import { api } from "../../../shared/api";
import { formatDateTime } from "../../../shared/format";
import { errorMessage } from "../../../shared/ui/error-message";
import { PageHeader } from "../../../shared/ui/PageHeader";
import { QueryErrorAlert } from "../../../shared/ui/QueryErrorAlert";

interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

const KEYS = ["api-keys"];

export function IntegrationPage() {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const keys = useQuery({
    queryKey: KEYS,
    queryFn: () => api.get<{ items: ApiKey[] }>("/api/v1/api-keys").then((r) => r.items),
  });
  const [name, setName] = useState("");
  const create = useMutation({
    mutationFn: () => api.post<{ key: string; apiKey: ApiKey }>("/api/v1/api-keys", { name }),
    onSuccess: async () => {
      setName("");
      await queryClient.invalidateQueries({ queryKey: KEYS });
    },
  });
  const revoke = useMutation({
    mutationFn: (id: string) => api.delete(`/api/v1/api-keys/${id}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: KEYS }),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (name.trim()) create.mutate();
  };
  return (
    <>
      <PageHeader
        title={t("creditor.integration.title")}
        description={t("creditor.integration.description")}
        actions={<Anchor href="/api/docs">{t("creditor.integration.apiDocs")}</Anchor>}
      />
      <Stack gap="lg" maw={900}>
        {create.isSuccess ? (
          <Alert color="green" role="status" title={t("apiKeys.createdTitle")}>
            <Stack gap="xs">
              <Text size="sm">{t("apiKeys.showOnce")}</Text>
              <Code block data-testid="new-api-key">
                {create.data.key}
              </Code>
              <Group>
                <Button
                  size="xs"
                  variant="default"
                  onClick={() => void navigator.clipboard?.writeText(create.data.key)}
                >
                  {t("apiKeys.copy")}
                </Button>
              </Group>
            </Stack>
          </Alert>
        ) : null}
        <form onSubmit={submit}>
          <Group align="flex-end">
            <TextInput
              label={t("apiKeys.name")}
              description={t("apiKeys.nameHint")}
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              required
            />
            <Button type="submit" loading={create.isPending}>
              {t("apiKeys.create")}
            </Button>
          </Group>
        </form>
        {create.isError ? (
          <Alert color="red" role="alert">
            {errorMessage(t, create.error)}
          </Alert>
        ) : null}
        {keys.isError ? <QueryErrorAlert error={keys.error} /> : null}
        <section aria-labelledby="keys-heading">
          <Title order={2} size="h4" id="keys-heading" mb="sm">
            {t("apiKeys.title")}
          </Title>
          <Table aria-labelledby="keys-heading">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t("apiKeys.name")}</Table.Th>
                <Table.Th scope="col">{t("apiKeys.prefix")}</Table.Th>
                <Table.Th scope="col">{t("apiKeys.createdAt")}</Table.Th>
                <Table.Th scope="col">{t("apiKeys.lastUsed")}</Table.Th>
                <Table.Th scope="col">{t("apiKeys.state")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(keys.data ?? []).map((k) => (
                <Table.Tr key={k.id}>
                  <Table.Td>{k.name}</Table.Td>
                  <Table.Td>
                    <Code>{k.prefix}…</Code>
                  </Table.Td>
                  <Table.Td>{formatDateTime(k.createdAt, i18n.language)}</Table.Td>
                  <Table.Td>{k.lastUsedAt ? formatDateTime(k.lastUsedAt, i18n.language) : "—"}</Table.Td>
                  <Table.Td>
                    {k.revokedAt ? (
                      t("apiKeys.revoked")
                    ) : (
                      <Button
                        size="compact-xs"
                        color="red"
                        variant="default"
                        loading={revoke.isPending && revoke.variables === k.id}
                        onClick={() => revoke.mutate(k.id)}
                      >
                        {t("apiKeys.revoke")}
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </section>
        <WebhookEndpoints />
      </Stack>
    </>
  );
}
