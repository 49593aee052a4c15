import { useTranslation } from "react-i18next";
import { EmptyPanel } from "../../../shared/ui/EmptyPanel";
import { PageHeader } from "../../../shared/ui/PageHeader";

export function SubmitPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t("creditor.submit.title")} description={t("creditor.submit.description")} />
      <EmptyPanel title={t("creditor.submit.emptyTitle")} description={t("creditor.submit.emptyBody")} />
    </>
  );
}
