import { useTranslation } from "react-i18next";
import { EmptyPanel } from "../../../shared/ui/EmptyPanel";
import { PageHeader } from "../../../shared/ui/PageHeader";

export function WorkQueuePage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader
        title={t("backoffice.workQueue.title")}
        description={t("backoffice.workQueue.description")}
      />
      <EmptyPanel
        title={t("backoffice.workQueue.emptyTitle")}
        description={t("backoffice.workQueue.emptyBody")}
      />
    </>
  );
}
