import { useTranslation } from "react-i18next";
import { EmptyPanel } from "../../../shared/ui/EmptyPanel";
import { PageHeader } from "../../../shared/ui/PageHeader";

export function DashboardPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t("creditor.dashboard.title")} description={t("creditor.dashboard.description")} />
      <EmptyPanel
        title={t("creditor.dashboard.emptyTitle")}
        description={t("creditor.dashboard.emptyBody")}
      />
    </>
  );
}
