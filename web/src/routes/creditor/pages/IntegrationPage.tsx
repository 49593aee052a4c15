import { Anchor } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { EmptyPanel } from "../../../shared/ui/EmptyPanel";
import { PageHeader } from "../../../shared/ui/PageHeader";

export function IntegrationPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader
        title={t("creditor.integration.title")}
        description={t("creditor.integration.description")}
      />
      <EmptyPanel
        title={t("creditor.integration.emptyTitle")}
        description={t("creditor.integration.emptyBody")}
      >
        {/* The OpenAPI reference is served by the platform itself. */}
        <Anchor href="/api/docs">{t("creditor.integration.apiDocs")}</Anchor>
      </EmptyPanel>
    </>
  );
}
