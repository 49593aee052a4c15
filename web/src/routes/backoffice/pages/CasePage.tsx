import { Anchor, Stack } from "@mantine/core";
import { getRouteApi, Link } from "@tanstack/react-router";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { CaseActions } from "../../../features/backoffice/CaseActions";
import { CaseMoney } from "../../../features/backoffice/CaseMoney";
import { MessageModal } from "../../../features/backoffice/MessageView";
import { CaseDetailView } from "../../../features/cases/CaseDetailView";
import { MessageThread } from "../../../features/messages/MessageThread";

const route = getRouteApi("/backoffice/cases/$caseId");

export function CasePage() {
  const { t } = useTranslation();
  const { caseId } = route.useParams();
  const [outboxId, setOutboxId] = useState<string | null>(null);
  return (
    <>
      <CaseDetailView
        scope="agency"
        caseId={caseId}
        live
        actions={(detail) => (
          <Stack gap="md">
            <CaseActions detail={detail} />
            <MessageThread scope="agency" caseId={detail.id} />
          </Stack>
        )}
        sections={(detail) => <CaseMoney caseId={detail.id} />}
        openMessage={setOutboxId}
        backLink={
          <Anchor size="sm" renderRoot={(props) => <Link to="/backoffice" {...props} />}>
            ← {t("queue.back")}
          </Anchor>
        }
      />
      <MessageModal outboxId={outboxId} onClose={() => setOutboxId(null)} />
    </>
  );
}
