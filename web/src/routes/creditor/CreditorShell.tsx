import { Group, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { LogoutButton } from "../../features/auth/LogoutButton";
import { useUser } from "../../features/auth/session";
import { LiveIndicator } from "../../features/live/LiveIndicator";
import { useLiveEvents } from "../../features/live/useLiveEvents";
import { AppFrame } from "../../shared/ui/AppFrame";

export function CreditorShell() {
  const { t } = useTranslation();
  const user = useUser();
  const connected = useLiveEvents("creditor");
  return (
    <AppFrame
      areaLabel={t("creditor.area")}
      navLabel={t("creditor.nav.label")}
      items={[
        { to: "/creditor", label: t("creditor.nav.dashboard"), exact: true },
        { to: "/creditor/cases", label: t("creditor.nav.cases") },
        { to: "/creditor/submit", label: t("creditor.nav.submit") },
        { to: "/creditor/money", label: t("creditor.nav.money") },
        { to: "/creditor/integration", label: t("creditor.nav.integration") },
      ]}
      userSlot={
        <Group gap="sm" wrap="nowrap">
          <LiveIndicator connected={connected} />
          <Text size="sm" visibleFrom="md">
            {user.name}
          </Text>
          <LogoutButton />
        </Group>
      }
    />
  );
}
