import {
  Anchor,
  Badge,
  Box,
  Code,
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
import type { AppLanguage } from "../../../shared/format";
import { LANGUAGES, translateOpen } from "../../../shared/i18n";
import { QueryErrorAlert } from "../../../shared/ui/QueryErrorAlert";
import {
  type TemplateChannel,
  type TemplatePreview,
  templatePdfUrl,
  templatePreviewQuery,
  templatesQuery,
} from "../api";

// Templates are part of Relance's code, reviewed against the law like code: the agency reads them
// here, rendered on the demo case, and does not edit them.

const CHANNELS: readonly TemplateChannel[] = ["email", "sms", "letter"];

function PreviewBody({ preview, templateKey }: { preview: TemplatePreview; templateKey: string }) {
  const { t } = useTranslation();
  const lang = preview.lang;
  switch (preview.channel) {
    case "email":
      return (
        <Stack gap="xs">
          <Text size="sm" lang={lang}>
            <strong>{t("setup.templates.subject")} :</strong> {preview.subject}
          </Text>
          {/* The HTML is our own renderer's, shown in a frame that may run nothing and reach nothing. */}
          <iframe
            sandbox=""
            srcDoc={preview.html}
            title={t(`setup.templates.emailFrame.${lang}`)}
            style={{ width: "100%", height: 480, border: "1px solid var(--mantine-color-gray-3)" }}
          />
        </Stack>
      );
    case "sms":
      return (
        <Stack gap="xs">
          <Code block lang={lang} style={{ whiteSpace: "pre-wrap" }}>
            {preview.text}
          </Code>
          <Group gap="xs">
            <Badge variant="light">{preview.encoding}</Badge>
            <Text size="sm">
              {t("setup.templates.smsCount", { units: preview.units, count: preview.segments })}
            </Text>
          </Group>
        </Stack>
      );
    case "letter":
      return (
        <Stack gap="xs">
          <Anchor href={templatePdfUrl(templateKey, lang)} target="_blank" rel="noopener" size="sm">
            {t(`setup.templates.openPdf.${lang}`)}
          </Anchor>
          {/* Scrolls on its own: focusable so a keyboard can scroll it too. */}
          <Code
            block
            lang={lang}
            tabIndex={0}
            style={{ whiteSpace: "pre-wrap", maxHeight: 480, overflow: "auto" }}
          >
            {preview.text}
          </Code>
        </Stack>
      );
  }
}

function PreviewCard({
  templateKey,
  channel,
  locale,
}: {
  templateKey: string;
  channel: TemplateChannel;
  locale: AppLanguage;
}) {
  const { t } = useTranslation();
  const preview = useQuery(templatePreviewQuery(templateKey, channel, locale));
  return (
    <Paper withBorder p="sm" component="section" aria-label={t(`setup.templates.preview.${locale}`)}>
      <Title order={4} size="h5" mb="xs">
        {t(`setup.templates.preview.${locale}`)}
      </Title>
      {preview.isPending ? <Loader size="sm" /> : null}
      {preview.isError ? <QueryErrorAlert error={preview.error} /> : null}
      {preview.data ? <PreviewBody preview={preview.data} templateKey={templateKey} /> : null}
    </Paper>
  );
}

export function TemplatesPanel() {
  const { t } = useTranslation();
  const templates = useQuery(templatesQuery);
  const [channel, setChannel] = useState<TemplateChannel>("email");
  const [selected, setSelected] = useState<string | null>(null);
  const list = (templates.data ?? []).filter((x) => x.channels.includes(channel));
  const current = list.find((x) => x.key === selected) ?? list[0];

  return (
    <Stack gap="md">
      <Text size="sm">{t("setup.templates.intro")}</Text>
      <SegmentedControl
        aria-label={t("setup.templates.channel")}
        value={channel}
        onChange={(v) => setChannel(v as TemplateChannel)}
        data={CHANNELS.map((c) => ({ value: c, label: translateOpen("channel", c) }))}
        w="fit-content"
      />
      {templates.isError ? <QueryErrorAlert error={templates.error} /> : null}
      {/* The list beside the work area, whatever the width: the previews are what this tab is for. */}
      <Group align="flex-start" gap="lg" wrap="nowrap">
        <Box w={220} style={{ flexShrink: 0 }}>
          <Stack gap={4} component="nav" aria-label={t("setup.templates.list")}>
            {list.map((x) => (
              <UnstyledButton
                key={x.key}
                onClick={() => setSelected(x.key)}
                p="xs"
                bg={current?.key === x.key ? "navy.0" : undefined}
                aria-current={current?.key === x.key ? "true" : undefined}
              >
                <Text size="sm" fw={600}>
                  {x.key}
                </Text>
                <Text size="xs" c="dimmed">
                  {translateOpen("setup.templates.kind", x.kind)} ·{" "}
                  {t(`setup.templates.audience.${x.audience}`)}
                </Text>
              </UnstyledButton>
            ))}
          </Stack>
        </Box>
        <Box flex={1} miw={0}>
          {current ? (
            <SimpleGrid cols={{ base: 1, md: 2 }}>
              {LANGUAGES.map((l) => (
                <PreviewCard
                  key={`${current.key}-${channel}-${l}`}
                  templateKey={current.key}
                  channel={channel}
                  locale={l}
                />
              ))}
            </SimpleGrid>
          ) : null}
        </Box>
      </Group>
    </Stack>
  );
}
