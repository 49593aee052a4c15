import { Tabs } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { CreditorsPanel } from "../../../features/backoffice/setup/CreditorsPanel";
import { PersonasPanel } from "../../../features/backoffice/setup/PersonasPanel";
import { RulesPanel } from "../../../features/backoffice/setup/RulesPanel";
import { ScenariosPanel } from "../../../features/backoffice/setup/ScenariosPanel";
import { TemplatesPanel } from "../../../features/backoffice/setup/TemplatesPanel";
import { UsersPanel } from "../../../features/backoffice/setup/UsersPanel";
import { PageHeader } from "../../../shared/ui/PageHeader";

export function SetupPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t("backoffice.setup.title")} description={t("backoffice.setup.description")} />
      <Tabs defaultValue="scenarios" keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="scenarios">{t("setup.tabs.scenarios")}</Tabs.Tab>
          <Tabs.Tab value="personas">{t("setup.tabs.personas")}</Tabs.Tab>
          <Tabs.Tab value="templates">{t("setup.tabs.templates")}</Tabs.Tab>
          <Tabs.Tab value="rules">{t("setup.tabs.rules")}</Tabs.Tab>
          <Tabs.Tab value="users">{t("setup.tabs.users")}</Tabs.Tab>
          <Tabs.Tab value="creditors">{t("setup.tabs.creditors")}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="scenarios">
          <ScenariosPanel />
        </Tabs.Panel>
        <Tabs.Panel value="personas">
          <PersonasPanel />
        </Tabs.Panel>
        <Tabs.Panel value="templates">
          <TemplatesPanel />
        </Tabs.Panel>
        <Tabs.Panel value="rules">
          <RulesPanel />
        </Tabs.Panel>
        <Tabs.Panel value="users">
          <UsersPanel />
        </Tabs.Panel>
        <Tabs.Panel value="creditors">
          <CreditorsPanel />
        </Tabs.Panel>
      </Tabs>
    </>
  );
}
