import { Alert, Stack, Text } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useUser } from "../../../features/auth/session";
import { Section } from "../../../features/cases/CasePanels";
import { AtRiskTable } from "../../../features/remittances/AtRiskTable";
import {
  MarkDialog,
  MarkError,
  type MarkRequest,
  useMarkRemittance,
} from "../../../features/remittances/MarkDialog";
import { PrepareRun } from "../../../features/remittances/PrepareRun";
import { RemittancesTable, RunsTable } from "../../../features/remittances/RemittanceLists";
import { PageHeader } from "../../../shared/ui/PageHeader";

/** Paying collected funds over to creditors (R124-6): the one-month check, runs, and the bank's answers. */
export function RemittancesPage() {
  const { t } = useTranslation();
  const user = useUser();
  const canManage = user.role === "admin" || user.role === "manager";
  const [dialog, setDialog] = useState<MarkRequest | null>(null);
  const [marked, setMarked] = useState<string[] | null>(null);
  const markSent = useMarkRemittance(setMarked);
  const onMark = (request: MarkRequest) => {
    setMarked(null);
    if (request.kind === "sent") markSent.mutate({ target: request.target, mark: { status: "sent" } });
    else setDialog(request);
  };
  return (
    <>
      <PageHeader title={t("remittances.title")} description={t("remittances.description")} />
      <Stack gap="lg">
        {marked ? (
          <Alert
            color="green"
            role="status"
            withCloseButton
            onClose={() => setMarked(null)}
            closeButtonLabel={t("common.close")}
          >
            {t("remittances.mark.done", { count: marked.length, references: marked.join(", ") })}
          </Alert>
        ) : null}
        <MarkError error={markSent.error} />
        <Section id="at-risk-heading" title={t("remittances.atRisk.title")}>
          <Stack gap="sm">
            <Text size="sm">{t("remittances.atRisk.help")}</Text>
            <AtRiskTable />
          </Stack>
        </Section>
        {canManage ? (
          <>
            <Section id="prepare-heading" title={t("remittances.prepare.title")}>
              <PrepareRun />
            </Section>
            <Section id="runs-heading" title={t("remittances.runs.title")}>
              <RunsTable canMark onMark={onMark} />
            </Section>
          </>
        ) : (
          <Text c="dimmed">{t("remittances.agentsReadOnly")}</Text>
        )}
        <Section id="remittances-heading" title={t("remittances.list.title")}>
          <RemittancesTable canMark={canManage} onMark={onMark} />
        </Section>
      </Stack>
      <MarkDialog request={dialog} onClose={() => setDialog(null)} onDone={setMarked} />
    </>
  );
}
