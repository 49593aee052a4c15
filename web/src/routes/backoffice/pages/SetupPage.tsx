import { useTranslation } from "react-i18next";
import { EmptyPanel } from "../../../shared/ui/EmptyPanel";
import { PageHeader } from "../../../shared/ui/PageHeader";

export function SetupPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t("backoffice.setup.title")} description={t("backoffice.setup.description")} />
      <EmptyPanel title={t("backoffice.setup.emptyTitle")} description={t("backoffice.setup.emptyBody")} />
    </>
  );
}
