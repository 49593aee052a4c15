import { useTranslation } from "react-i18next";
import { EmptyPanel } from "../../../shared/ui/EmptyPanel";
import { PageHeader } from "../../../shared/ui/PageHeader";

export function SandboxInboxPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t("backoffice.sandbox.title")} description={t("backoffice.sandbox.description")} />
      <EmptyPanel
        title={t("backoffice.sandbox.emptyTitle")}
        description={t("backoffice.sandbox.emptyBody")}
      />
    </>
  );
}
