import { Badge, Code, Group, Modal, Stack, Table, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api } from "../../shared/api";
import { formatDateTime } from "../../shared/format";
import { translateOpen } from "../../shared/i18n";
import { PageLoader } from "../../shared/ui/RouteStates";
import type { SandboxMessage } from "./api";

/** What the sandbox provider received, as fields: the template, the persona and the payload. */
export function MessageBody({ message }: { message: SandboxMessage }) {
  const { t, i18n } = useTranslation();
  const entries = Object.entries(message.content);
  return (
    <Stack gap="xs">
      <Group gap="xs">
        <Badge variant="light">{translateOpen("channel", message.channel)}</Badge>
        <Text size="sm">{message.template}</Text>
        <Text size="sm" c="dimmed">
          {formatDateTime(message.receivedAt, i18n.language)}
        </Text>
      </Group>
      <Text size="sm">
        {t("sandbox.case")}: {message.caseReference ?? message.caseId} · {message.debtorName ?? ""}
      </Text>
      {message.calls > 1 ? (
        <Text size="sm" c="orange.8">
          {t("sandbox.repeated", { count: message.calls })}
        </Text>
      ) : null}
      <Table aria-label={t("sandbox.content")}>
        <Table.Tbody>
          {entries.map(([key, value]) => (
            <Table.Tr key={key}>
              <Table.Th scope="row">{key}</Table.Th>
              <Table.Td>
                {typeof value === "string" || typeof value === "number" ? (
                  String(value)
                ) : (
                  <Code block>{JSON.stringify(value, null, 2)}</Code>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}

/** The message of a sent action, looked up by the action's outbox id. */
export function MessageModal({ outboxId, onClose }: { outboxId: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  const query = useQuery({
    queryKey: ["sandbox", "by-action", outboxId],
    enabled: outboxId !== null,
    queryFn: () =>
      api
        .get<{ items: SandboxMessage[] }>("/api/agency/sandbox/messages", { query: { outboxId } })
        .then((r) => r.items[0] ?? null),
  });
  return (
    <Modal
      opened={outboxId !== null}
      onClose={onClose}
      title={t("sandbox.messageTitle")}
      size="lg"
      closeButtonProps={{ "aria-label": t("common.close") }}
    >
      {query.isPending ? (
        <PageLoader />
      ) : query.data ? (
        <MessageBody message={query.data} />
      ) : (
        <Text c="dimmed">{t("sandbox.notInSandbox")}</Text>
      )}
    </Modal>
  );
}
