import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Grid,
  Group,
  List,
  NativeSelect,
  NumberInput,
  Paper,
  Stack,
  Text,
  TextInput,
  Timeline,
  Title,
  UnstyledButton,
} from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
// The server's own schema: what passes here is what the server accepts (it validates again on save).
import {
  CHANNELS,
  PERSONAS,
  type Scenario,
  type ScenarioStep,
  scenarioSchema,
} from "../../../../../src/collection/scenario";
import { api } from "../../../shared/api";
import { translateOpen } from "../../../shared/i18n";
import { errorMessage } from "../../../shared/ui/error-message";
import { type StoredScenario, scenariosQuery } from "../api";

/** Day of each step counted from placement, for the timeline (due-date offsets shown as such). */
function dayOf(steps: ScenarioStep[], index: number): number {
  let day = 0;
  for (let i = 0; i <= index; i++) {
    const s = steps[i]!;
    day = s.offset.from === "previous_step" ? day + s.offset.days : s.offset.days;
  }
  return day;
}

function StepEditor({
  step,
  onChange,
  onRemove,
}: {
  step: ScenarioStep;
  onChange: (s: ScenarioStep) => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Paper withBorder p="xs">
      <Group gap="xs" align="flex-end" wrap="wrap">
        <TextInput
          label={t("setup.scenarios.stepId")}
          w={150}
          value={step.id}
          onChange={(e) => onChange({ ...step, id: e.currentTarget.value })}
        />
        <TextInput
          label={t("setup.scenarios.label")}
          w={200}
          value={step.label}
          onChange={(e) => onChange({ ...step, label: e.currentTarget.value })}
        />
        <NativeSelect
          label={t("setup.scenarios.channel")}
          value={step.channel}
          onChange={(e) => onChange({ ...step, channel: e.currentTarget.value as ScenarioStep["channel"] })}
          data={CHANNELS.map((c) => ({ value: c, label: translateOpen("channel", c) }))}
        />
        <NumberInput
          label={t("setup.scenarios.days")}
          w={80}
          min={0}
          value={step.offset.days}
          onChange={(v) => onChange({ ...step, offset: { ...step.offset, days: Number(v || 0) } })}
        />
        <NativeSelect
          label={t("setup.scenarios.from")}
          value={step.offset.from}
          onChange={(e) =>
            onChange({ ...step, offset: { ...step.offset, from: e.currentTarget.value as "placement" } })
          }
          data={(["placement", "due_date", "previous_step"] as const).map((f) => ({
            value: f,
            label: t(`setup.scenarios.fromValue.${f}`),
          }))}
        />
        <TextInput
          label={t("setup.scenarios.template")}
          w={180}
          value={step.template}
          onChange={(e) => onChange({ ...step, template: e.currentTarget.value })}
        />
        <NativeSelect
          label={t("setup.scenarios.persona")}
          value={step.persona ?? ""}
          onChange={(e) =>
            onChange({ ...step, persona: (e.currentTarget.value || undefined) as ScenarioStep["persona"] })
          }
          data={[{ value: "", label: "—" }, ...PERSONAS.map((p) => ({ value: p, label: p }))]}
        />
        <TextInput
          label={t("setup.scenarios.sendAt")}
          w={90}
          placeholder="08:30"
          value={step.sendAt ?? ""}
          onChange={(e) => onChange({ ...step, sendAt: e.currentTarget.value || undefined })}
        />
        <ActionIcon variant="default" aria-label={t("setup.scenarios.remove")} onClick={onRemove}>
          ×
        </ActionIcon>
      </Group>
    </Paper>
  );
}

function Editor({ stored }: { stored: StoredScenario }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<Scenario>(stored.definition as unknown as Scenario);
  // Stable keys for the step editors while steps are added and removed.
  const [keys, setKeys] = useState<string[]>(() => draft.steps.map(() => crypto.randomUUID()));
  const [issues, setIssues] = useState<string[]>([]);
  const save = useMutation({
    mutationFn: (s: Scenario) => api.post<StoredScenario>("/api/agency/scenarios", s),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: scenariosQuery.queryKey }),
  });
  const setStep = (i: number, s: ScenarioStep) =>
    setDraft({ ...draft, steps: draft.steps.map((x, j) => (j === i ? s : x)) });
  const submit = () => {
    const parsed = scenarioSchema.safeParse(draft);
    if (!parsed.success) {
      setIssues(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`));
      return;
    }
    setIssues([]);
    save.mutate(parsed.data);
  };
  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={3} size="h4">
          {draft.name}
        </Title>
        <Badge variant="light">{t("setup.scenarios.version", { version: stored.version })}</Badge>
      </Group>
      <TextInput
        label={t("setup.scenarios.name")}
        value={draft.name}
        onChange={(e) => setDraft({ ...draft, name: e.currentTarget.value })}
      />
      <Timeline bulletSize={14} lineWidth={2} active={-1} aria-label={t("setup.scenarios.timeline")}>
        {draft.steps.map((s, i) => (
          <Timeline.Item
            key={keys[i]}
            title={`${t("setup.scenarios.day", { day: dayOf(draft.steps, i) })} · ${s.label}`}
          >
            <Text size="sm" c="dimmed">
              {translateOpen("channel", s.channel)} · {s.template}
              {s.sendAt ? ` · ${s.sendAt}` : ""}
              {s.conditions ? ` · ${t("setup.scenarios.conditional")}` : ""}
            </Text>
          </Timeline.Item>
        ))}
      </Timeline>
      <Stack gap="xs">
        {draft.steps.map((s, i) => (
          <StepEditor
            key={keys[i]}
            step={s}
            onChange={(next) => setStep(i, next)}
            onRemove={() => {
              setDraft({ ...draft, steps: draft.steps.filter((_, j) => j !== i) });
              setKeys(keys.filter((_, j) => j !== i));
            }}
          />
        ))}
        <Group>
          <Button
            size="xs"
            variant="default"
            onClick={() => {
              setKeys([...keys, crypto.randomUUID()]);
              setDraft({
                ...draft,
                steps: [
                  ...draft.steps,
                  {
                    id: `step-${draft.steps.length + 1}`,
                    label: "",
                    offset: { days: 7, from: "previous_step" },
                    channel: "email",
                    template: "",
                  },
                ],
              });
            }}
          >
            {t("setup.scenarios.addStep")}
          </Button>
        </Group>
      </Stack>
      {issues.length > 0 ? (
        <Alert color="red" role="alert" title={t("setup.scenarios.invalid")}>
          <List size="sm">
            {issues.map((i) => (
              <List.Item key={i}>{i}</List.Item>
            ))}
          </List>
        </Alert>
      ) : null}
      {save.isError ? (
        <Alert color="red" role="alert">
          {errorMessage(t, save.error)}
        </Alert>
      ) : null}
      {save.isSuccess ? (
        <Alert color="green" role="status">
          {t("setup.scenarios.saved", { version: save.data.version })}
        </Alert>
      ) : null}
      <Group>
        <Button onClick={submit} loading={save.isPending}>
          {t("setup.scenarios.save")}
        </Button>
      </Group>
    </Stack>
  );
}

export function ScenariosPanel() {
  const { t } = useTranslation();
  const scenarios = useQuery(scenariosQuery);
  const [key, setKey] = useState<string | null>(null);
  const current = scenarios.data?.find((s) => s.key === key) ?? scenarios.data?.[0];
  return (
    <Grid>
      <Grid.Col span={{ base: 12, md: 3 }}>
        <Stack gap={4}>
          {(scenarios.data ?? []).map((s) => (
            <UnstyledButton
              key={s.key}
              onClick={() => setKey(s.key)}
              p="xs"
              bg={current?.key === s.key ? "navy.0" : undefined}
            >
              <Text size="sm" fw={600}>
                {String(s.definition.name ?? s.key)}
              </Text>
              <Text size="xs" c="dimmed">
                {s.key} · v{s.version}
              </Text>
            </UnstyledButton>
          ))}
          {scenarios.data?.length === 0 ? <Text c="dimmed">{t("setup.scenarios.none")}</Text> : null}
        </Stack>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 9 }}>
        {current ? <Editor key={`${current.key}-${current.version}`} stored={current} /> : null}
      </Grid.Col>
    </Grid>
  );
}
