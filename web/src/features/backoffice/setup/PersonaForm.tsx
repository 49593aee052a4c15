import {
  Alert,
  Button,
  Checkbox,
  Group,
  List,
  NativeSelect,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
// The server's own lists: what the form offers is what the server accepts (it validates on save).
import {
  ALWAYS_ALLOWED_TOOLS,
  GOALS,
  type Persona,
  TONES,
  TOOL_NAMES,
} from "../../../../../src/voice/personas/persona";
import { api } from "../../../shared/api";
import { errorMessage } from "../../../shared/ui/error-message";
import { personasQuery } from "../api";
import { fieldIssues, fieldLabel } from "./persona-issues";

type Lines = Persona["lines"];

function LineList({
  kind,
  values,
  errors,
  readOnly,
  onChange,
}: {
  kind: "opening" | "closing";
  values: string[];
  errors: Record<string, string[]>;
  readOnly: boolean;
  onChange: (values: string[]) => void;
}) {
  const { t } = useTranslation();
  return (
    <Stack gap="xs">
      {values.map((value, i) => (
        // Lines have no identity of their own; their position is what the server names in an issue.
        // biome-ignore lint/suspicious/noArrayIndexKey: see above
        <Group key={i} align="flex-end" wrap="nowrap">
          <Textarea
            flex={1}
            autosize
            minRows={1}
            label={t(`setup.personas.${kind}Line`, { n: i + 1 })}
            value={value}
            readOnly={readOnly}
            error={errors[`lines.${kind}.${i}`]?.join(" ")}
            onChange={(e) => onChange(values.map((v, j) => (j === i ? e.currentTarget.value : v)))}
          />
          {!readOnly && values.length > 1 ? (
            <Button
              variant="default"
              size="xs"
              onClick={() => onChange(values.filter((_, j) => j !== i))}
              aria-label={t(`setup.personas.remove${kind === "opening" ? "Opening" : "Closing"}`, {
                n: i + 1,
              })}
            >
              ×
            </Button>
          ) : null}
        </Group>
      ))}
      {!readOnly && values.length < 5 ? (
        <Group>
          <Button size="xs" variant="default" onClick={() => onChange([...values, ""])}>
            {t(`setup.personas.add${kind === "opening" ? "Opening" : "Closing"}`)}
          </Button>
        </Group>
      ) : null}
    </Stack>
  );
}

/** One persona in one language; only admins and managers save (the server checks it too). */
export function PersonaForm({ persona, canEdit }: { persona: Persona; canEdit: boolean }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<Persona>(persona);
  const save = useMutation({
    mutationFn: (p: Persona) => api.put<Persona>(`/api/agency/voice/personas/${p.key}/${p.locale}`, p),
    // The list and both previews start with ["personas"].
    onSuccess: () => queryClient.invalidateQueries({ queryKey: personasQuery.queryKey }),
  });
  const issues = fieldIssues(t, save.error);
  const err = (field: string) => issues.byField[field]?.join(" ");
  const setLines = (lines: Partial<Lines>) => setDraft({ ...draft, lines: { ...draft.lines, ...lines } });
  const readOnly = !canEdit;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(draft);
  };

  return (
    <form onSubmit={submit} aria-label={t("setup.personas.formLabel", { name: persona.name })}>
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <TextInput
            label={t("setup.personas.name")}
            value={draft.name}
            readOnly={readOnly}
            error={err("name")}
            onChange={(e) => setDraft({ ...draft, name: e.currentTarget.value })}
          />
          <TextInput
            label={t("setup.personas.voice")}
            description={t("setup.personas.voiceHint")}
            value={draft.voice}
            readOnly={readOnly}
            error={err("voice")}
            onChange={(e) => setDraft({ ...draft, voice: e.currentTarget.value })}
          />
          <NativeSelect
            label={t("setup.personas.tone")}
            value={draft.tone}
            disabled={readOnly}
            error={err("tone")}
            onChange={(e) => setDraft({ ...draft, tone: e.currentTarget.value as Persona["tone"] })}
            data={TONES.map((x) => ({ value: x, label: t(`setup.personas.tones.${x}`) }))}
          />
        </SimpleGrid>
        <Textarea
          label={t("setup.personas.description")}
          autosize
          minRows={1}
          value={draft.description}
          readOnly={readOnly}
          error={err("description")}
          onChange={(e) => setDraft({ ...draft, description: e.currentTarget.value })}
        />
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          <Checkbox.Group
            label={t("setup.personas.goals")}
            error={err("goals")}
            value={draft.goals}
            onChange={(v) => setDraft({ ...draft, goals: GOALS.filter((g) => v.includes(g)) })}
          >
            <Stack gap={4} mt={4}>
              {GOALS.map((g) => (
                <Checkbox key={g} value={g} label={t(`setup.personas.goal.${g}`)} disabled={readOnly} />
              ))}
            </Stack>
          </Checkbox.Group>
          <Checkbox.Group
            label={t("setup.personas.tools")}
            description={t("setup.personas.toolsHint")}
            error={err("allowedTools")}
            // The always-allowed tools show as ticked; the persona's own list keeps only what it named.
            value={[...new Set([...draft.allowedTools, ...ALWAYS_ALLOWED_TOOLS])]}
            onChange={(v) =>
              setDraft({
                ...draft,
                allowedTools: TOOL_NAMES.filter(
                  (x) =>
                    v.includes(x) && (!ALWAYS_ALLOWED_TOOLS.includes(x) || draft.allowedTools.includes(x)),
                ),
              })
            }
          >
            <Stack gap={4} mt={4}>
              {TOOL_NAMES.map((tool) => (
                <Checkbox
                  key={tool}
                  value={tool}
                  label={t(`setup.personas.tool.${tool}`)}
                  disabled={readOnly || ALWAYS_ALLOWED_TOOLS.includes(tool)}
                />
              ))}
            </Stack>
          </Checkbox.Group>
        </SimpleGrid>
        <Title order={4} size="h5">
          {t("setup.personas.lines")}
        </Title>
        <Text size="sm" c="dimmed">
          {t("setup.personas.placeholdersHint")}
        </Text>
        <LineList
          kind="opening"
          values={draft.lines.opening}
          errors={issues.byField}
          readOnly={readOnly}
          onChange={(opening) => setLines({ opening })}
        />
        <Textarea
          label={t("setup.personas.pitch")}
          autosize
          minRows={2}
          value={draft.lines.pitch}
          readOnly={readOnly}
          error={err("lines.pitch")}
          onChange={(e) => setLines({ pitch: e.currentTarget.value })}
        />
        <LineList
          kind="closing"
          values={draft.lines.closing}
          errors={issues.byField}
          readOnly={readOnly}
          onChange={(closing) => setLines({ closing })}
        />
        <Textarea
          label={t("setup.personas.voicemail")}
          autosize
          minRows={2}
          value={draft.lines.voicemail}
          readOnly={readOnly}
          error={err("lines.voicemail")}
          onChange={(e) => setLines({ voicemail: e.currentTarget.value })}
        />
        {save.isError ? (
          <Alert color="red" role="alert" title={t("setup.personas.refused")}>
            {issues.disclosureRefused ? <Text size="sm">{t("setup.personas.disclosureRefused")}</Text> : null}
            {Object.keys(issues.byField).length > 0 ? (
              <List size="sm">
                {Object.entries(issues.byField).map(([field, messages]) => (
                  <List.Item key={field}>
                    {fieldLabel(t, field)} : {messages.join(" ")}
                  </List.Item>
                ))}
              </List>
            ) : (
              <Text size="sm">{errorMessage(t, save.error)}</Text>
            )}
          </Alert>
        ) : null}
        {save.isSuccess ? (
          <Alert color="green" role="status">
            {t("setup.personas.saved")}
          </Alert>
        ) : null}
        {canEdit ? (
          <Group>
            <Button type="submit" loading={save.isPending}>
              {t("setup.save")}
            </Button>
          </Group>
        ) : (
          <Text size="sm" c="dimmed">
            {t("setup.personas.readOnly")}
          </Text>
        )}
      </Stack>
    </form>
  );
}
