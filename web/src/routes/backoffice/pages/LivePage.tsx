import { useTranslation } from "react-i18next";
import { ActiveCalls } from "../../../features/live/ActiveCalls";
import { PageHeader } from "../../../shared/ui/PageHeader";

export function LivePage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t("live.title")} description={t("live.description")} />
      <ActiveCalls />
    </>
  );
}
