import { Alert, Button, Checkbox, Group, NumberInput, Stack, Table, Text, TextInput } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../../shared/api";
import { translateOpen } from "../../../shared/i18n";
import { errorMessage } from "../../../shared/ui/error-message";
import { QueryErrorAlert } from "../../../shared/ui/QueryErrorAlert";
import { PageLoader } from "../../../shared/ui/RouteStates";
import { type ChannelRule, type ContactRules, contactRulesQuery } from "../api";

const DAYS = ["MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"];

/** "10:00-13:00, 14:00-20:00" ⇄ windows. */
const windowsText = (w: ChannelRule["windows"]) => w.map((x) => `${x.from}-${x.to}`).join(", ");
const parseWindows = (s: string) =>
  s
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => {
      const [from = "", to = ""] = p.split("-").map((x) => x.trim());
      return { from, to };
    });

const cap = (v: string | number) => (v === "" ? null : Number(v));

export function RulesPanel() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const query = useQuery(contactRulesQuery);
  const [rules, setRules] = useState<ContactRules["effective"] | null>(null);
  const [windows, setWindows] = useState<Record<string, string>>({});
  useEffect(() => {
    if (query.data && !rules) {
      setRules(query.data.effective);
      setWindows(
        Object.fromEntries(
          Object.entries(query.data.effective.channels).map(([k, r]) => [k, windowsText(r.windows)]),
        ),
      );
    }
  }, [query.data, rules]);
  const save = useMutation({
    mutationFn: (body: unknown) => api.put<ContactRules>("/api/agency/settings/contact-rules", body),
    onSuccess: (data) => {
      queryClient.setQueryData(contactRulesQuery.queryKey, data);
      setRules(data.effective);
    },
  });
  if (query.isError) return <QueryErrorAlert error={query.error} />;
  if (!rules) return <PageLoader />;
  const setRule = (channel: string, patch: Partial<ChannelRule>) =>
    setRules({
      ...rules,
      channels: { ...rules.channels, [channel]: { ...rules.channels[channel]!, ...patch } },
    });
  const submit = () =>
    save.mutate({
      channels: Object.fromEntries(
        Object.entries(rules.channels).map(([k, r]) => [
          k,
          { ...r, windows: parseWindows(windows[k] ?? "") },
        ]),
      ),
      total: rules.total,
    });

  return (
    <Stack gap="md">
      <Text c="dimmed" size="sm">
        {t("setup.rules.intro")}
      </Text>
      <Table.ScrollContainer minWidth={900}>
        <Table aria-label={t("setup.rules.title")}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t("setup.rules.channel")}</Table.Th>
              <Table.Th scope="col">{t("setup.rules.enabled")}</Table.Th>
              <Table.Th scope="col">{t("setup.rules.days")}</Table.Th>
              <Table.Th scope="col">{t("setup.rules.windows")}</Table.Th>
              <Table.Th scope="col">{t("setup.rules.per7")}</Table.Th>
              <Table.Th scope="col">{t("setup.rules.per30")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {Object.entries(rules.channels).map(([channel, rule]) => {
              const name = translateOpen("channel", channel);
              return (
                <Table.Tr key={channel}>
                  <Table.Th scope="row">{name}</Table.Th>
                  <Table.Td>
                    <Checkbox
                      aria-label={`${t("setup.rules.enabled")} · ${name}`}
                      checked={rule.enabled}
                      onChange={(e) => setRule(channel, { enabled: e.currentTarget.checked })}
                    />
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4} wrap="nowrap">
                      {DAYS.map((d) => (
                        <Checkbox
                          key={d}
                          size="xs"
                          label={t(`setup.rules.day.${d as "MON"}`)}
                          aria-label={`${name} · ${t(`setup.rules.day.${d as "MON"}`)}`}
                          checked={rule.days.includes(d)}
                          onChange={(e) =>
                            setRule(channel, {
                              days: e.currentTarget.checked
                                ? [...rule.days, d]
                                : rule.days.filter((x) => x !== d),
                            })
                          }
                        />
                      ))}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <TextInput
                      aria-label={`${t("setup.rules.windows")} · ${name}`}
                      value={windows[channel] ?? ""}
                      onChange={(e) => setWindows({ ...windows, [channel]: e.currentTarget.value })}
                      w={200}
                    />
                  </Table.Td>
                  <Table.Td>
                    <NumberInput
                      aria-label={`${t("setup.rules.per7")} · ${name}`}
                      min={0}
                      w={80}
                      value={rule.maxPer7Days ?? ""}
                      onChange={(v) => setRule(channel, { maxPer7Days: cap(v) })}
                    />
                  </Table.Td>
                  <Table.Td>
                    <NumberInput
                      aria-label={`${t("setup.rules.per30")} · ${name}`}
                      min={0}
                      w={80}
                      value={rule.maxPer30Days ?? ""}
                      onChange={(v) => setRule(channel, { maxPer30Days: cap(v) })}
                    />
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Group>
        <NumberInput
          label={t("setup.rules.total7")}
          min={0}
          w={180}
          value={rules.total.maxPer7Days ?? ""}
          onChange={(v) => setRules({ ...rules, total: { ...rules.total, maxPer7Days: cap(v) } })}
        />
        <NumberInput
          label={t("setup.rules.total30")}
          min={0}
          w={180}
          value={rules.total.maxPer30Days ?? ""}
          onChange={(v) => setRules({ ...rules, total: { ...rules.total, maxPer30Days: cap(v) } })}
        />
      </Group>
      {save.isError ? (
        <Alert color="red" role="alert">
          {errorMessage(t, save.error)}
        </Alert>
      ) : null}
      {save.isSuccess ? (
        <Alert color="green" role="status">
          {t("setup.saved")}
        </Alert>
      ) : null}
      <Group>
        <Button onClick={submit} loading={save.isPending}>
          {t("setup.save")}
        </Button>
      </Group>
    </Stack>
  );
}
