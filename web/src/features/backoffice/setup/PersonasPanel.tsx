import {
  Alert,
  Box,
  Group,
  Loader,
  Paper,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Text,
  Title,
  UnstyledButton,
} from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { PERSONAS, type PersonaKey } from "../../../../../src/voice/personas/persona";
import type { AppLanguage } from "../../../shared/format";
import { LANGUAGES } from "../../../shared/i18n";
import { QueryErrorAlert } from "../../../shared/ui/QueryErrorAlert";
import { useUser } from "../../auth/session";
import { personaPreviewQuery, personasQuery } from "../api";
import { PersonaForm } from "./PersonaForm";

const LANGUAGE_NAMES: Record<AppLanguage, string> = { fr: "Français", en: "English" };
const EDITORS = ["admin", "manager"];

/** What the agent says on answering and on voicemail in one language, as the server's policy renders it. */
function PreviewCard({ personaKey, locale }: { personaKey: PersonaKey; locale: AppLanguage }) {
  const { t } = useTranslation();
  const preview = useQuery(personaPreviewQuery(personaKey, locale));
  return (
    <Paper withBorder p="sm" component="section" aria-label={t(`setup.personas.preview.${locale}`)}>
      <Title order={4} size="h5" mb="xs">
        {t(`setup.personas.preview.${locale}`)}
      </Title>
      {preview.isPending ? <Loader size="sm" /> : null}
      {preview.isError ? <QueryErrorAlert error={preview.error} /> : null}
      {preview.data ? (
        <Stack gap="xs">
          {preview.data.openings.map((said, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: one entry per opening line, in order
            <div key={i}>
              <Text size="xs" c="dimmed">
                {t("setup.personas.preview.opening", { n: i + 1 })}
              </Text>
              {said.map((sentence) => (
                <Text key={sentence} size="sm" lang={locale}>
                  « {sentence} »
                </Text>
              ))}
            </div>
          ))}
          <div>
            <Text size="xs" c="dimmed">
              {t("setup.personas.preview.voicemail")}
            </Text>
            <Text size="sm" lang={locale}>
              « {preview.data.voicemail} »
            </Text>
          </div>
        </Stack>
      ) : null}
    </Paper>
  );
}

export function PersonasPanel() {
  const { t } = useTranslation();
  const user = useUser();
  const personas = useQuery(personasQuery);
  const [key, setKey] = useState<PersonaKey>(PERSONAS[0]);
  const [locale, setLocale] = useState<AppLanguage>("fr");
  const canEdit = EDITORS.includes(user.role);
  const current = personas.data?.find((p) => p.key === key && p.locale === locale);
  const nameOf = (k: PersonaKey) =>
    personas.data?.find((p) => p.key === k && p.locale === locale)?.name ?? "";

  return (
    <Stack gap="md">
      <Text size="sm">{t("setup.personas.intro")}</Text>
      {!canEdit ? <Alert color="gray">{t("setup.personas.readOnly")}</Alert> : null}
      {personas.isError ? <QueryErrorAlert error={personas.error} /> : null}
      {/* The list beside the work area, whatever the width: the previews are what this tab is for. */}
      <Group align="flex-start" gap="lg" wrap="nowrap">
        <Box w={220} style={{ flexShrink: 0 }}>
          <Stack gap={4} component="nav" aria-label={t("setup.personas.list")}>
            {PERSONAS.map((k) => (
              <UnstyledButton
                key={k}
                onClick={() => setKey(k)}
                p="xs"
                bg={key === k ? "navy.0" : undefined}
                aria-current={key === k ? "true" : undefined}
              >
                <Text size="sm" fw={600}>
                  {t(`setup.personas.key.${k}`)}
                </Text>
                <Text size="xs" c="dimmed">
                  {nameOf(k)}
                </Text>
              </UnstyledButton>
            ))}
          </Stack>
        </Box>
        <Box flex={1} miw={0}>
          <Stack gap="md">
            <SegmentedControl
              aria-label={t("setup.personas.locale")}
              value={locale}
              onChange={(v) => setLocale(v as AppLanguage)}
              data={LANGUAGES.map((l) => ({ value: l, label: LANGUAGE_NAMES[l] }))}
              w="fit-content"
            />
            {current ? <PersonaForm key={`${key}-${locale}`} persona={current} canEdit={canEdit} /> : null}
            <SimpleGrid cols={{ base: 1, md: 2 }}>
              {LANGUAGES.map((l) => (
                <PreviewCard key={l} personaKey={key} locale={l} />
              ))}
            </SimpleGrid>
          </Stack>
        </Box>
      </Group>
    </Stack>
  );
}
