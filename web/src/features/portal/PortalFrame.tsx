import { Container, Group, Text } from "@mantine/core";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { LanguageSwitcher } from "../../shared/i18n/LanguageSwitcher";

/** Mobile-first frame: the sender's name on top, one column, large touch targets. */
export function PortalFrame({ agencyName, children }: { agencyName: string | null; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <>
      <header>
        <Container size={560} py="sm">
          <Group justify="space-between" wrap="nowrap">
            <Text fw={700} c="navy.8" truncate>
              {agencyName ?? t("portal.brand")}
            </Text>
            <LanguageSwitcher size="sm" />
          </Group>
        </Container>
      </header>
      <Container size={560} component="main" id="main-content" tabIndex={-1} pb="xl">
        {children}
      </Container>
      {agencyName ? (
        <footer>
          <Container size={560} pb="lg">
            <Text size="sm" c="dimmed">
              {t("portal.footer")}
            </Text>
          </Container>
        </footer>
      ) : null}
    </>
  );
}
