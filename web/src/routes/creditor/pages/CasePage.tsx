import { Anchor } from "@mantine/core";
import { getRouteApi, Link } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { CaseDetailView } from "../../../features/cases/CaseDetailView";
import { DisputeAnswers } from "../../../features/disputes/DisputeAnswers";

const route = getRouteApi("/creditor/cases/$caseId");

export function CasePage() {
  const { t } = useTranslation();
  const { caseId } = route.useParams();
  return (
    <CaseDetailView
      scope="creditor"
      caseId={caseId}
      live
      actions={(detail) => <DisputeAnswers caseId={detail.id} />}
      backLink={
        <Anchor size="sm" renderRoot={(props) => <Link to="/creditor/cases" {...props} />}>
          ← {t("caseDetail.back")}
        </Anchor>
      }
    />
  );
}
