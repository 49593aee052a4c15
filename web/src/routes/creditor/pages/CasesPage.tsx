import { Anchor } from "@mantine/core";
import { Link } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { CaseListView } from "../../../features/cases/CaseListView";
import { PageHeader } from "../../../shared/ui/PageHeader";

export function CasesPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t("creditor.cases.title")} description={t("creditor.cases.description")} />
      <CaseListView
        scope="creditor"
        renderReference={(summary) => (
          <Anchor
            fw={600}
            renderRoot={(props) => (
              <Link to="/creditor/cases/$caseId" params={{ caseId: summary.id }} {...props} />
            )}
          >
            {summary.reference}
          </Anchor>
        )}
      />
    </>
  );
}
