import { useTranslation } from "react-i18next";
import { EmptyPanel } from "../../../shared/ui/EmptyPanel";
import { PageHeader } from "../../../shared/ui/PageHeader";

export function MoneyPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t("creditor.money.title")} description={t("creditor.money.description")} />
      <EmptyPanel title={t("creditor.money.emptyTitle")} description={t("creditor.money.emptyBody")} />
    </>
  );
}
