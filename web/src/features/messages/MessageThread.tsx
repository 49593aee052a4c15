import { Badge, Button, Group, Paper, Stack, Text, Textarea, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, type RefObject, useEffect, useId, useRef, useState } from "react";
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
  readByAgencyAt: string | null;
  readByCreditorAt: string | null;
}

interface Thread {
  items: Message[];
  unread: number;
}

const MAX_CHARS = 4000;
/** How long the thread stays on screen before what it shows counts as read. */
const READ_AFTER_MS = 1500;

/**
 * The case's conversation between the creditor and its collector. Its key sits under the case detail's,
 * so the live stream's refresh of the case (a `message.posted` event) refreshes the thread too.
 * Messages from the other side count as read once the thread has been on screen, in a visible tab, for
 * a moment (as in a mail client); those read that way keep a "new" mark while the page stays open.
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
  const sectionRef = useRef<HTMLElement>(null);
  const onScreen = useOnScreen(sectionRef);
  const [fresh, setFresh] = useState<ReadonlySet<string>>(new Set());
  const side = scopeSide(scope);
  const unreadIds = (thread.data?.items ?? [])
    .filter(
      (m) => m.authorSide !== side && (side === "agency" ? m.readByAgencyAt : m.readByCreditorAt) === null,
    )
    .map((m) => m.id)
    .join(",");
  const { mutate: markReadNow, isPending: marking, isError: markFailed } = markRead;
  useEffect(() => {
    if (!onScreen || unreadIds === "" || marking || markFailed) return;
    const timer = setTimeout(() => {
      setFresh((before) => new Set([...before, ...unreadIds.split(",")]));
      markReadNow();
    }, READ_AFTER_MS);
    return () => clearTimeout(timer);
  }, [onScreen, unreadIds, marking, markFailed, markReadNow]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!draft.trim()) return setProblem(t("messages.empty"));
    setProblem(null);
    send.mutate(draft.trim());
  };
  const unread = thread.data?.unread ?? 0;

  return (
    <Paper withBorder p="md" component="section" aria-labelledby={headingId} ref={sectionRef}>
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} size="h3" id={headingId}>
            {t(`messages.title.${scope}`)}
          </Title>
          {unread > 0 ? <Badge color="red.9">{t("messages.unread", { count: unread })}</Badge> : null}
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
                  {fresh.has(m.id) ? (
                    <Badge ml="xs" size="sm" color="blue.9" variant="filled">
                      {t("messages.new")}
                    </Badge>
                  ) : null}
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

/** True while the element is at least partly in the viewport of a visible tab. */
function useOnScreen(ref: RefObject<HTMLElement | null>): boolean {
  const [inView, setInView] = useState(false);
  const [tabVisible, setTabVisible] = useState(() => document.visibilityState === "visible");
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const observer = new IntersectionObserver(([entry]) => setInView(entry?.isIntersecting ?? false));
    observer.observe(element);
    const onVisibility = () => setTabVisible(document.visibilityState === "visible");
    document.addEventListener("visibilitychange", onVisibility);
    return () => {
      observer.disconnect();
      document.removeEventListener("visibilitychange", onVisibility);
    };
  }, [ref]);
  return inView && tabVisible;
}
