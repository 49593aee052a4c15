import {
  Alert,
  Box,
  Button,
  Checkbox,
  Code,
  Group,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../shared/api";
import { formatDateTime } from "../../shared/format";
import { errorMessage } from "../../shared/ui/error-message";
import { QueryErrorAlert } from "../../shared/ui/QueryErrorAlert";

// The creditor's webhook endpoints (R124-5: every payment reported by signed webhook): create one (the
// signing secret is shown once), disable or enable it, send a test delivery and read the delivery log.

export const EVENT_TYPES = [
  "payment.received",
  "payment.reversed",
  "case.status_changed",
  "promise.recorded",
  "plan.created",
  "dispute.opened",
  "remittance.prepared",
  "remittance.paid",
  "remittance.rejected",
] as const;

type EventType = (typeof EVENT_TYPES)[number];
const eventKey = (type: EventType) =>
  `webhooks.event.${type.replace(".", "_") as Replace<EventType>}` as const;
type Replace<S extends string> = S extends `${infer A}.${infer B}` ? `${A}_${B}` : S;

interface Endpoint {
  id: string;
  url: string;
  description: string;
  eventTypes: string[];
  active: boolean;
  createdAt: string;
}

interface Delivery {
  id: string;
  eventType: string;
  state: "pending" | "sending" | "delivered" | "dead";
  attempts: number;
  maxAttempts: number;
  lastStatus: number | null;
  lastDurationMs: number | null;
  lastError: string | null;
  nextAttemptAt: string | null;
  createdAt: string;
}

const BASE = "/api/v1/webhook-endpoints";
const KEY = ["webhook-endpoints"];
const STATE_COLOR = { pending: "yellow", sending: "blue", delivered: "green", dead: "red" } as const;

export function WebhookEndpoints() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const endpoints = useQuery({
    queryKey: KEY,
    queryFn: () => api.get<{ items: Endpoint[] }>(BASE).then((r) => r.items),
  });
  const [url, setUrl] = useState("");
  const [types, setTypes] = useState<string[]>([...EVENT_TYPES]);
  const [open, setOpen] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: KEY });
  const create = useMutation({
    mutationFn: () => api.post<{ secret: string; endpoint: Endpoint }>(BASE, { url, eventTypes: types }),
    onSuccess: async () => {
      setUrl("");
      await refresh();
    },
  });
  const toggle = useMutation({
    mutationFn: (e: Endpoint) => api.patch(`${BASE}/${e.id}`, { active: !e.active }),
    onSuccess: refresh,
  });
  const test = useMutation({
    mutationFn: (id: string) => api.post<Delivery>(`${BASE}/${id}/test`),
    onSuccess: (_d, id) => queryClient.invalidateQueries({ queryKey: [...KEY, id] }),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (url.trim() && types.length > 0) create.mutate();
  };
  return (
    <section aria-labelledby="webhooks-heading">
      <Stack gap="md">
        <Title order={2} size="h4" id="webhooks-heading">
          {t("webhooks.title")}
        </Title>
        <Text size="sm">{t("webhooks.description")}</Text>
        {create.isSuccess ? (
          <Alert color="green" role="status">
            <Stack gap="xs">
              <Text fw={700} size="sm">
                {t("webhooks.createdTitle")}
              </Text>
              <Text size="sm">{t("webhooks.secretOnce")}</Text>
              <Code block data-testid="new-webhook-secret">
                {create.data.secret}
              </Code>
            </Stack>
          </Alert>
        ) : null}
        <form onSubmit={submit}>
          <Stack gap="sm">
            <TextInput
              label={t("webhooks.url")}
              description={t("webhooks.urlHint")}
              type="url"
              value={url}
              onChange={(e) => setUrl(e.currentTarget.value)}
              required
            />
            <Checkbox.Group label={t("webhooks.events")} value={types} onChange={setTypes}>
              <Group mt="xs">
                {EVENT_TYPES.map((type) => (
                  <Checkbox key={type} value={type} label={t(eventKey(type))} />
                ))}
              </Group>
            </Checkbox.Group>
            <Group>
              <Button type="submit" loading={create.isPending}>
                {t("webhooks.create")}
              </Button>
            </Group>
          </Stack>
        </form>
        {create.isError ? (
          <Alert color="red" role="alert">
            {errorMessage(t, create.error)}
          </Alert>
        ) : null}
        {test.isSuccess ? (
          <Alert color={test.data.state === "delivered" ? "green" : "red"} role="status">
            {t(test.data.state === "delivered" ? "webhooks.testOk" : "webhooks.testFailed", {
              status: test.data.lastStatus ?? test.data.lastError ?? "—",
            })}
          </Alert>
        ) : null}
        {endpoints.isError ? <QueryErrorAlert error={endpoints.error} /> : null}
        <Table aria-labelledby="webhooks-heading">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t("webhooks.url")}</Table.Th>
              <Table.Th scope="col">{t("webhooks.events")}</Table.Th>
              <Table.Th scope="col">{t("webhooks.state")}</Table.Th>
              <Table.Th scope="col">{t("webhooks.actions")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(endpoints.data ?? []).map((e) => (
              <Table.Tr key={e.id}>
                <Table.Td>
                  <Code>{e.url}</Code>
                </Table.Td>
                <Table.Td>{e.eventTypes.length}</Table.Td>
                <Table.Td>{t(e.active ? "webhooks.active" : "webhooks.disabled")}</Table.Td>
                <Table.Td>
                  <Group gap="xs">
                    <Button
                      size="compact-xs"
                      variant="default"
                      disabled={!e.active}
                      loading={test.isPending && test.variables === e.id}
                      onClick={() => test.mutate(e.id)}
                    >
                      {t("webhooks.test")}
                    </Button>
                    <Button size="compact-xs" variant="default" onClick={() => toggle.mutate(e)}>
                      {t(e.active ? "webhooks.disable" : "webhooks.enable")}
                    </Button>
                    <Button
                      size="compact-xs"
                      variant="subtle"
                      aria-expanded={open === e.id}
                      onClick={() => setOpen(open === e.id ? null : e.id)}
                    >
                      {t("webhooks.log")}
                    </Button>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {open ? <DeliveryLog endpointId={open} /> : null}
      </Stack>
    </section>
  );
}

function DeliveryLog({ endpointId }: { endpointId: string }) {
  const { t, i18n } = useTranslation();
  const log = useQuery({
    queryKey: [...KEY, endpointId],
    queryFn: () => api.get<{ items: Delivery[] }>(`${BASE}/${endpointId}/deliveries`).then((r) => r.items),
  });
  return (
    <section aria-labelledby="deliveries-heading">
      <Title order={3} size="h5" id="deliveries-heading" mb="xs">
        {t("webhooks.logTitle")}
      </Title>
      {log.isError ? <QueryErrorAlert error={log.error} /> : null}
      <Table aria-labelledby="deliveries-heading">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t("webhooks.at")}</Table.Th>
            <Table.Th scope="col">{t("webhooks.event.label")}</Table.Th>
            <Table.Th scope="col">{t("webhooks.state")}</Table.Th>
            <Table.Th scope="col">{t("webhooks.attempts")}</Table.Th>
            <Table.Th scope="col">{t("webhooks.response")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(log.data ?? []).map((d) => (
            <Table.Tr key={d.id}>
              <Table.Td>{formatDateTime(d.createdAt, i18n.language)}</Table.Td>
              <Table.Td>
                <Code>{d.eventType}</Code>
              </Table.Td>
              <Table.Td>
                <Group gap={6} wrap="nowrap">
                  <Box
                    component="span"
                    aria-hidden="true"
                    w={8}
                    h={8}
                    bg={`${STATE_COLOR[d.state]}.6`}
                    style={{ borderRadius: "50%", flexShrink: 0 }}
                  />
                  <Text size="sm" span>
                    {t(`webhooks.delivery.${d.state}`)}
                  </Text>
                </Group>
              </Table.Td>
              <Table.Td>
                {d.attempts} / {d.maxAttempts}
              </Table.Td>
              <Table.Td>
                {d.lastStatus ?? d.lastError ?? "—"}
                {d.lastDurationMs !== null ? ` · ${d.lastDurationMs} ms` : ""}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </section>
  );
}
