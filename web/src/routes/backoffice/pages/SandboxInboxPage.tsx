import { Button, Grid, Group, NativeSelect, Paper, Stack, Table, Text, UnstyledButton } from "@mantine/core";
import { useInfiniteQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { sandboxQuery } from "../../../features/backoffice/api";
import { MessageBody } from "../../../features/backoffice/MessageView";
import { formatDateTime } from "../../../shared/format";
import { translateOpen } from "../../../shared/i18n";
import { EmptyPanel } from "../../../shared/ui/EmptyPanel";
import { PageHeader } from "../../../shared/ui/PageHeader";
import { QueryErrorAlert } from "../../../shared/ui/QueryErrorAlert";
import { PageLoader } from "../../../shared/ui/RouteStates";

const CHANNELS = ["email", "sms", "letter", "registered_letter"];

export function SandboxInboxPage() {
  const { t, i18n } = useTranslation();
  const [channel, setChannel] = useState("");
  const [openId, setOpenId] = useState<string | null>(null);
  const query = useInfiniteQuery(sandboxQuery(channel ? { channel } : {}));
  const items = query.data?.pages.flatMap((p) => p.items) ?? [];
  const open = items.find((m) => m.id === openId) ?? items[0];

  return (
    <>
      <PageHeader title={t("backoffice.sandbox.title")} description={t("backoffice.sandbox.description")} />
      <Group mb="md" role="search" aria-label={t("sandbox.filters")}>
        <NativeSelect
          label={t("sandbox.channel")}
          value={channel}
          onChange={(e) => setChannel(e.currentTarget.value)}
          data={[
            { value: "", label: t("queue.all") },
            ...CHANNELS.map((c) => ({ value: c, label: translateOpen("channel", c) })),
          ]}
        />
      </Group>
      {query.isPending ? (
        <PageLoader />
      ) : query.isError ? (
        <QueryErrorAlert error={query.error} onRetry={() => void query.refetch()} />
      ) : items.length === 0 ? (
        <EmptyPanel
          title={t("backoffice.sandbox.emptyTitle")}
          description={t("backoffice.sandbox.emptyBody")}
        />
      ) : (
        <Grid>
          <Grid.Col span={{ base: 12, md: 5 }}>
            <Stack gap="xs">
              <Table highlightOnHover aria-label={t("backoffice.sandbox.title")}>
                <Table.Tbody>
                  {items.map((m) => (
                    <Table.Tr key={m.id} bg={open?.id === m.id ? "navy.0" : undefined}>
                      <Table.Td>
                        <UnstyledButton
                          onClick={() => setOpenId(m.id)}
                          aria-current={open?.id === m.id || undefined}
                          w="100%"
                        >
                          <Text size="sm" fw={600}>
                            {translateOpen("channel", m.channel)} · {m.caseReference ?? ""}
                          </Text>
                          <Text size="sm">{m.debtorName ?? ""}</Text>
                          <Text size="xs" c="dimmed">
                            {m.template} · {formatDateTime(m.receivedAt, i18n.language)}
                          </Text>
                        </UnstyledButton>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
              {query.hasNextPage ? (
                <Button
                  variant="default"
                  onClick={() => void query.fetchNextPage()}
                  loading={query.isFetchingNextPage}
                >
                  {t("cases.loadMore")}
                </Button>
              ) : null}
            </Stack>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 7 }}>
            <Paper withBorder p="md" aria-live="polite">
              {open ? <MessageBody message={open} /> : null}
            </Paper>
          </Grid.Col>
        </Grid>
      )}
    </>
  );
}
