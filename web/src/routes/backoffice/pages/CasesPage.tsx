import { Anchor } from "@mantine/core";
import { Link } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { CaseListView } from "../../../features/cases/CaseListView";
import { PageHeader } from "../../../shared/ui/PageHeader";

export function CasesPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t("backoffice.cases.title")} description={t("backoffice.cases.description")} />
      <CaseListView
        scope="agency"
        renderReference={(summary) => (
          <Anchor
            fw={600}
            renderRoot={(props) => (
              <Link to="/backoffice/cases/$caseId" params={{ caseId: summary.id }} {...props} />
            )}
          >
            {summary.reference}
          </Anchor>
        )}
      />
    </>
  );
}
