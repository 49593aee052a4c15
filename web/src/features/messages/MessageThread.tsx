import { Badge, Button, Group, Paper, Stack, Text, Textarea, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../shared/api";
import { formatDateTime } from "../../shared/format";
import { QueryErrorAlert } from "../../shared/ui/QueryErrorAlert";
import { BASE } from "../cases/queries";
import type { CaseScope } from "../cases/types";

interface Message {
  id: string;
  authorSide: "creditor" | "agency";
  authorName: string | null;
  body: string;
  createdAt: string;
}

interface Thread {
  items: Message[];
  unread: number;
}

const MAX_CHARS = 4000;

/**
 * The case's conversation between the creditor and its collector. Its key sits under the case detail's,
 * so the live stream's refresh of the case (a `message.posted` event) refreshes the thread too.
 */
export function MessageThread({ scope, caseId }: { scope: CaseScope; caseId: string }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const headingId = useId();
  const [draft, setDraft] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const path = `${BASE[scope]}/cases/${encodeURIComponent(caseId)}/messages`;
  const detailKey = ["cases", scope, "detail", caseId];
  const thread = useQuery({
    queryKey: [...detailKey, "messages"],
    queryFn: ({ signal }) => api.get<Thread>(path, { signal }),
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: detailKey });
  const send = useMutation({
    mutationFn: (body: string) => api.post<{ id: string }>(path, { body }),
    onSuccess: () => {
      setDraft("");
      return refresh();
    },
  });
  const markRead = useMutation({
    mutationFn: () => api.post<{ marked: number }>(`${path}/read`),
    onSuccess: refresh,
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!draft.trim()) return setProblem(t("messages.empty"));
    setProblem(null);
    send.mutate(draft.trim());
  };
  const unread = thread.data?.unread ?? 0;

  return (
    <Paper withBorder p="md" component="section" aria-labelledby={headingId}>
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} size="h3" id={headingId}>
            {t(`messages.title.${scope}`)}
          </Title>
          {unread > 0 ? (
            <Group gap="xs">
              <Badge color="red.9">{t("messages.unread", { count: unread })}</Badge>
              <Button
                size="xs"
                variant="light"
                onClick={() => markRead.mutate()}
                loading={markRead.isPending}
              >
                {t("messages.markRead")}
              </Button>
            </Group>
          ) : null}
        </Group>
        {thread.error ? <QueryErrorAlert error={thread.error} onRetry={() => void thread.refetch()} /> : null}
        {thread.data && thread.data.items.length === 0 ? <Text c="dimmed">{t("messages.none")}</Text> : null}
        {thread.data?.items.length ? (
          <Stack
            gap="xs"
            component="ol"
            m={0}
            p={0}
            style={{ listStyle: "none" }}
            aria-label={t("messages.list")}
          >
            {thread.data.items.map((m) => (
              <Paper
                key={m.id}
                component="li"
                p="sm"
                radius="md"
                bg={m.authorSide === scopeSide(scope) ? "blue.0" : "gray.0"}
                ml={m.authorSide === scopeSide(scope) ? "xl" : 0}
                mr={m.authorSide === scopeSide(scope) ? 0 : "xl"}
              >
                <Text size="sm" fw={600} c="dark.7">
                  {m.authorName ?? t(`messages.side.${m.authorSide}`)} · {t(`messages.side.${m.authorSide}`)}{" "}
                  · <time dateTime={m.createdAt}>{formatDateTime(m.createdAt, i18n.language)}</time>
                </Text>
                <Text c="dark.9" style={{ whiteSpace: "pre-wrap" }}>
                  {m.body}
                </Text>
              </Paper>
            ))}
          </Stack>
        ) : null}
        <form onSubmit={submit} noValidate>
          <Stack gap="xs">
            {problem ? (
              <Text c="red.8" role="alert" size="sm">
                {problem}
              </Text>
            ) : null}
            {send.error ? <QueryErrorAlert error={send.error} /> : null}
            <Textarea
              label={t("messages.compose")}
              value={draft}
              onChange={(e) => setDraft(e.currentTarget.value)}
              autosize
              minRows={2}
              maxLength={MAX_CHARS}
              description={t("messages.limit", { count: MAX_CHARS - draft.length })}
            />
            <Group justify="flex-end">
              <Button type="submit" loading={send.isPending}>
                {t("messages.send")}
              </Button>
            </Group>
          </Stack>
        </form>
      </Stack>
    </Paper>
  );
}

const scopeSide = (scope: CaseScope) => (scope === "agency" ? "agency" : "creditor");
