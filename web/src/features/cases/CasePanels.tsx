import { Anchor, Badge, Button, Group, Modal, Paper, Stack, Table, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { formatDateTime, formatMoney } from "../../shared/format";
import { translateOpen } from "../../shared/i18n";
import { contactPointsQuery, documentsQuery, documentUrl } from "./queries";
import type { CaseDetail, CaseScope } from "./types";

/** Principal, interest, indemnity, paid and what is left: each shown apart (R124-4 3°). */
export function BalanceBreakdown({ detail }: { detail: CaseDetail }) {
  const { t, i18n } = useTranslation();
  const b = detail.balanceBreakdown;
  if (!b) return null;
  const row = (label: string, value: string, strong = false) => (
    <Table.Tr>
      <Table.Th scope="row" fw={strong ? 700 : 400}>
        {label}
      </Table.Th>
      <Table.Td ta="right" className="tabular" fw={strong ? 700 : 400}>
        {value}
      </Table.Td>
    </Table.Tr>
  );
  return (
    <Table aria-label={t("caseDetail.breakdown.title")} maw={420}>
      <Table.Tbody>
        {row(t("caseDetail.breakdown.principal"), formatMoney(b.principal, i18n.language))}
        {row(t("caseDetail.breakdown.interest"), t("caseDetail.breakdown.notClaimed"))}
        {row(t("caseDetail.breakdown.indemnity"), formatMoney(b.indemnity, i18n.language))}
        {row(t("caseDetail.breakdown.paid"), `− ${formatMoney(b.paid, i18n.language)}`)}
        {row(t("caseDetail.breakdown.outstanding"), formatMoney(b.outstanding, i18n.language), true)}
      </Table.Tbody>
    </Table>
  );
}

function postal(value: string): string {
  try {
    const a = JSON.parse(value) as { line1?: string; postalCode?: string; city?: string; country?: string };
    return [a.line1, `${a.postalCode ?? ""} ${a.city ?? ""}`.trim(), a.country].filter(Boolean).join(", ");
  } catch {
    return value;
  }
}

export function ContactPointsPanel({ scope, caseId }: { scope: CaseScope; caseId: string }) {
  const { t } = useTranslation();
  const query = useQuery(contactPointsQuery(scope, caseId));
  if (!query.data) return null;
  if (query.data.length === 0) return <Text c="dimmed">{t("caseDetail.contacts.none")}</Text>;
  return (
    <Stack gap={6} component="ul" p={0} m={0} style={{ listStyle: "none" }}>
      {query.data.map((c) => (
        <Group key={c.id} gap="xs" component="li" wrap="wrap">
          <Text size="sm" c="dimmed" w={70}>
            {t(`caseDetail.contacts.kind.${c.kind}`)}
          </Text>
          <Text size="sm" fw={500}>
            {c.kind === "postal" ? postal(c.value) : c.value}
          </Text>
          <Badge
            size="sm"
            variant="light"
            color={c.status === "invalid" ? "red" : c.status === "valid" ? "green" : "gray"}
          >
            {t(`caseDetail.contacts.status.${c.status}`)}
          </Badge>
          {c.optOuts.map((o) => (
            <Badge key={o.channel} size="sm" variant="outline" color="orange">
              {t("caseDetail.contacts.optOut", { channel: translateOpen("channel", o.channel) })}
            </Badge>
          ))}
        </Group>
      ))}
    </Stack>
  );
}

/** A PDF in the browser's own viewer, framed in the page; other files are downloaded. */
export function PdfViewer({
  url,
  title,
  onClose,
}: {
  url: string | null;
  title: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={url !== null}
      onClose={onClose}
      title={title}
      size="xl"
      closeButtonProps={{ "aria-label": t("common.close") }}
    >
      {url ? (
        <Stack gap="xs">
          <iframe src={url} title={title} style={{ width: "100%", height: "70vh", border: 0 }} />
          <Anchor href={url} target="_blank" rel="noopener" size="sm">
            {t("caseDetail.documents.openTab")}
          </Anchor>
        </Stack>
      ) : null}
    </Modal>
  );
}

export function DocumentsPanel({ scope, caseId }: { scope: CaseScope; caseId: string }) {
  const { t, i18n } = useTranslation();
  const query = useQuery(documentsQuery(scope, caseId));
  const [viewing, setViewing] = useState<{ url: string; title: string } | null>(null);
  if (!query.data) return null;
  if (query.data.length === 0) return <Text c="dimmed">{t("caseDetail.documents.none")}</Text>;
  return (
    <>
      <Stack gap={6} component="ul" p={0} m={0} style={{ listStyle: "none" }}>
        {query.data.map((d) => (
          <Group key={d.id} gap="xs" component="li">
            <Text size="sm" fw={500}>
              {d.filename}
            </Text>
            <Text size="sm" c="dimmed">
              {translateOpen("caseDetail.documents.kind", d.kind)} ·{" "}
              {formatDateTime(d.createdAt, i18n.language)}
            </Text>
            {d.contentType === "application/pdf" ? (
              <Button
                size="compact-xs"
                variant="default"
                onClick={() => setViewing({ url: documentUrl(scope, caseId, d.id, true), title: d.filename })}
              >
                {t("caseDetail.documents.view")}
              </Button>
            ) : null}
            <Anchor size="sm" href={documentUrl(scope, caseId, d.id)} download={d.filename}>
              {t("caseDetail.documents.download")}
            </Anchor>
          </Group>
        ))}
      </Stack>
      <PdfViewer url={viewing?.url ?? null} title={viewing?.title ?? ""} onClose={() => setViewing(null)} />
    </>
  );
}

export function Section({ id, title, children }: { id: string; title: string; children: React.ReactNode }) {
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={id}>
      <Title order={2} size="h4" id={id} mb="sm">
        {title}
      </Title>
      {children}
    </Paper>
  );
}
