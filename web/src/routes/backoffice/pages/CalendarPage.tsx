import { useTranslation } from "react-i18next";
import { EmptyPanel } from "../../../shared/ui/EmptyPanel";
import { PageHeader } from "../../../shared/ui/PageHeader";

export function CalendarPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t("backoffice.calendar.title")} description={t("backoffice.calendar.description")} />
      <EmptyPanel
        title={t("backoffice.calendar.emptyTitle")}
        description={t("backoffice.calendar.emptyBody")}
      />
    </>
  );
}
