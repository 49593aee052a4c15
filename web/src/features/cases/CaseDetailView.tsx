import { Group, Paper, SimpleGrid, Stack, Table, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { type ReactNode, useState } from "react";
import { useTranslation } from "react-i18next";
import { isApiError } from "../../shared/api";
import { formatDateTime, formatDay, formatMoney } from "../../shared/format";
import { PageHeader } from "../../shared/ui/PageHeader";
import { QueryErrorAlert } from "../../shared/ui/QueryErrorAlert";
import { PageLoader } from "../../shared/ui/RouteStates";
import { usePageTitle } from "../../shared/ui/usePageTitle";
import { PhaseBadge, StatusLabel } from "./CaseBadges";
import { BalanceBreakdown, ContactPointsPanel, DocumentsPanel, PdfViewer, Section } from "./CasePanels";
import { CaseTimeline, type TimelineLinks } from "./CaseTimeline";
import { caseQuery, documentUrl } from "./queries";
import type { CaseDetail, CaseScope, Claim } from "./types";

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="sm" c="dimmed" component="dt">
        {label}
      </Text>
      <Text component="dd" m={0} fw={500}>
        {children}
      </Text>
    </div>
  );
}

function ClaimsTable({ claims }: { claims: Claim[] }) {
  const { t, i18n } = useTranslation();
  if (claims.length === 0) return <Text c="dimmed">{t("caseDetail.noClaims")}</Text>;
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table aria-label={t("caseDetail.claims")}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t("caseDetail.claimColumns.number")}</Table.Th>
            <Table.Th scope="col">{t("caseDetail.claimColumns.issueDate")}</Table.Th>
            <Table.Th scope="col">{t("caseDetail.claimColumns.dueDate")}</Table.Th>
            <Table.Th scope="col" ta="right">
              {t("caseDetail.claimColumns.principal")}
            </Table.Th>
            <Table.Th scope="col" ta="right">
              {t("caseDetail.claimColumns.paid")}
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {claims.map((claim) => (
            <Table.Tr key={claim.id}>
              <Table.Td>{claim.number}</Table.Td>
              <Table.Td className="tabular">{formatDay(claim.issueDate, i18n.language)}</Table.Td>
              <Table.Td className="tabular">{formatDay(claim.dueDate, i18n.language)}</Table.Td>
              <Table.Td ta="right" className="tabular">
                {formatMoney(claim.principal, i18n.language)}
              </Table.Td>
              <Table.Td ta="right" className="tabular">
                {claim.paid ? formatMoney(claim.paid, i18n.language) : "—"}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

interface Extras {
  /** The actions panel of the area (the back office's buttons), shown beside the facts. */
  actions?: (detail: CaseDetail) => ReactNode;
  /** Opens the message the sandbox received for a sent action (back office only). */
  openMessage?: (outboxId: string) => void;
  /** Sections of the area shown after the documents (the back office's money). */
  sections?: (detail: CaseDetail) => ReactNode;
}

function CaseDetailContent({
  detail,
  scope,
  extras,
}: {
  detail: CaseDetail;
  scope: CaseScope;
  extras: Extras;
}) {
  const { t, i18n } = useTranslation();
  const [viewing, setViewing] = useState<{ url: string; title: string } | null>(null);
  const links: TimelineLinks = {
    openMessage: extras.openMessage,
    openDocument: (documentId, filename) =>
      setViewing({ url: documentUrl(scope, detail.id, documentId, true), title: filename }),
  };
  return (
    <>
      <PageHeader
        title={t("caseDetail.title", { reference: detail.reference })}
        description={`${detail.debtor.name} · ${t(`case.debtorKind.${detail.debtor.kind}`)}`}
      />
      <Stack gap="lg">
        <Paper withBorder p="md">
          <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="md" component="dl" m={0}>
            {scope === "agency" ? (
              <Fact label={t("cases.columns.creditor")}>{detail.creditor.name}</Fact>
            ) : null}
            <Fact
              label={scope === "agency" ? t("cases.columns.creditorRef") : t("cases.columns.externalRef")}
            >
              {detail.externalRef ?? "—"}
            </Fact>
            <Fact label={t("cases.columns.balance")}>
              <span className="tabular">{formatMoney(detail.balance, i18n.language)}</span>
            </Fact>
            <Fact label={t("cases.columns.phase")}>
              <PhaseBadge phase={detail.phase} />
            </Fact>
            <Fact label={t("cases.columns.status")}>
              <StatusLabel summary={detail} />
            </Fact>
            <Fact label={t("cases.columns.nextAction")}>
              {detail.nextActionAt ? formatDateTime(detail.nextActionAt, i18n.language) : "—"}
            </Fact>
            <Fact label={t("caseDetail.createdAt")}>{formatDateTime(detail.createdAt, i18n.language)}</Fact>
          </SimpleGrid>
        </Paper>
        {extras.actions ? extras.actions(detail) : null}
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
          <Section id="debtor-heading" title={t("caseDetail.debtor")}>
            <Text fw={600} mb="xs">
              {detail.debtor.name} · {t(`case.debtorKind.${detail.debtor.kind}`)}
            </Text>
            <ContactPointsPanel scope={scope} caseId={detail.id} />
          </Section>
          <Section id="balance-heading" title={t("caseDetail.breakdown.title")}>
            <BalanceBreakdown detail={detail} />
          </Section>
        </SimpleGrid>
        <section aria-labelledby="claims-heading">
          <Title order={2} size="h3" id="claims-heading" mb="sm">
            {t("caseDetail.claims")}
          </Title>
          <ClaimsTable claims={detail.claims} />
        </section>
        <Section id="documents-heading" title={t("caseDetail.documents.title")}>
          <DocumentsPanel scope={scope} caseId={detail.id} />
        </Section>
        {extras.sections ? extras.sections(detail) : null}
        <section aria-labelledby="timeline-heading">
          <Title order={2} size="h3" id="timeline-heading" mb="sm">
            {t("caseDetail.timeline")}
          </Title>
          <CaseTimeline events={detail.timeline} links={links} />
        </section>
      </Stack>
      <PdfViewer url={viewing?.url ?? null} title={viewing?.title ?? ""} onClose={() => setViewing(null)} />
    </>
  );
}

/** One case: where it stands, its invoices and everything that happened to it. */
export function CaseDetailView({
  scope,
  caseId,
  backLink,
  live = false,
  ...extras
}: {
  scope: CaseScope;
  caseId: string;
  /** A link back to the area's case list. */
  backLink: ReactNode;
  /** Poll the case so that what others do shows without a reload. */
  live?: boolean;
} & Extras) {
  const query = useQuery(caseQuery(scope, caseId, live));
  const notFound =
    query.isError && (isApiError(query.error, "not_found") || isApiError(query.error, "validation_failed"));

  let body: ReactNode;
  if (query.isPending) body = <PageLoader />;
  else if (notFound) {
    body = <NotFoundCase />;
  } else if (query.isError)
    body = <QueryErrorAlert error={query.error} onRetry={() => void query.refetch()} />;
  else body = <CaseDetailContent detail={query.data} scope={scope} extras={extras} />;

  return (
    <Stack gap="xs">
      <Group>{backLink}</Group>
      {body}
    </Stack>
  );
}

function NotFoundCase() {
  const { t } = useTranslation();
  usePageTitle(t("caseDetail.notFound.title"));
  return (
    <>
      <Title order={1} size="h2" mb="md">
        {t("caseDetail.notFound.title")}
      </Title>
      <Text>{t("caseDetail.notFound.body")}</Text>
    </>
  );
}
