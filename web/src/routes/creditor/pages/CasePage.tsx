import { Anchor, Stack } from "@mantine/core";
import { getRouteApi, Link } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { CaseDetailView } from "../../../features/cases/CaseDetailView";
import { DisputeAnswers } from "../../../features/disputes/DisputeAnswers";
import { MessageThread } from "../../../features/messages/MessageThread";

const route = getRouteApi("/creditor/cases/$caseId");

export function CasePage() {
  const { t } = useTranslation();
  const { caseId } = route.useParams();
  return (
    <CaseDetailView
      scope="creditor"
      caseId={caseId}
      live
      actions={(detail) => (
        <Stack gap="md">
          <DisputeAnswers caseId={detail.id} />
          <MessageThread scope="creditor" caseId={detail.id} />
        </Stack>
      )}
      backLink={
        <Anchor size="sm" renderRoot={(props) => <Link to="/creditor/cases" {...props} />}>
          ← {t("caseDetail.back")}
        </Anchor>
      }
    />
  );
}
