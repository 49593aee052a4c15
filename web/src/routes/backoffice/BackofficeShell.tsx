import { Group, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { LogoutButton } from "../../features/auth/LogoutButton";
import { useUser } from "../../features/auth/session";
import { LiveIndicator } from "../../features/live/LiveIndicator";
import { TransferAlerts } from "../../features/live/TransferAlerts";
import { useLiveEvents } from "../../features/live/useLiveEvents";
import { AppFrame } from "../../shared/ui/AppFrame";

export function BackofficeShell() {
  const { t } = useTranslation();
  const user = useUser();
  const connected = useLiveEvents("agency");
  return (
    <>
      <AppFrame
        areaLabel={t("backoffice.area")}
        navLabel={t("backoffice.nav.label")}
        items={[
          { to: "/backoffice", label: t("backoffice.nav.workQueue"), exact: true },
          { to: "/backoffice/cases", label: t("backoffice.nav.cases") },
          { to: "/backoffice/live", label: t("live.nav") },
          { to: "/backoffice/calendar", label: t("backoffice.nav.calendar") },
          { to: "/backoffice/remittances", label: t("backoffice.nav.remittances") },
          { to: "/backoffice/setup", label: t("backoffice.nav.setup") },
          { to: "/backoffice/sandbox", label: t("backoffice.nav.sandbox") },
        ]}
        userSlot={
          <Group gap="sm" wrap="nowrap">
            <LiveIndicator connected={connected} />
            <Text size="sm" visibleFrom="md">
              {user.name} · {t(`roles.${user.role}`)}
            </Text>
            <LogoutButton />
          </Group>
        }
      />
      <TransferAlerts />
    </>
  );
}
