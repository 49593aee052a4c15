import { AppShell, Burger, Group, NavLink, ScrollArea, Text } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { Link, type LinkProps, Outlet, useLocation } from "@tanstack/react-router";
import { type ReactNode, Suspense } from "react";
import { useTranslation } from "react-i18next";
import { LanguageSwitcher } from "../i18n/LanguageSwitcher";
import { PageLoader } from "./RouteStates";

export interface NavItem {
  to: NonNullable<LinkProps["to"]>;
  label: string;
  /** Active only on this exact path (an area's home), not on the pages below it. */
  exact?: boolean;
}

/**
 * The signed-in frame shared by the back office and the creditor portal: header (banner),
 * navigation and main landmarks; the navigation folds behind a burger on small screens.
 */
export function AppFrame({
  areaLabel,
  navLabel,
  items,
  userSlot,
}: {
  areaLabel: string;
  navLabel: string;
  items: NavItem[];
  userSlot: ReactNode;
}) {
  const { t } = useTranslation();
  const [opened, { toggle, close }] = useDisclosure(false);
  const pathname = useLocation({ select: (location) => location.pathname });
  const isActive = (item: NavItem) =>
    item.exact ? pathname === item.to || pathname === `${item.to}/` : pathname.startsWith(item.to);

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 240, breakpoint: "sm", collapsed: { mobile: !opened } }}
      padding="lg"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={opened ? t("nav.close") : t("nav.open")}
              aria-expanded={opened}
              aria-controls="app-navigation"
            />
            <Text fw={700} size="lg" c="navy.8">
              Relance
            </Text>
            <Text size="sm" c="dimmed" visibleFrom="xs">
              {areaLabel}
            </Text>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <LanguageSwitcher />
            {userSlot}
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" id="app-navigation" aria-label={navLabel}>
        <AppShell.Section grow component={ScrollArea}>
          {items.map((item) => {
            const active = isActive(item);
            return (
              <NavLink
                key={item.to}
                label={item.label}
                active={active}
                aria-current={active ? "page" : undefined}
                onClick={close}
                renderRoot={(props) => (
                  <Link to={item.to} activeOptions={{ exact: Boolean(item.exact) }} {...props} />
                )}
              />
            );
          })}
        </AppShell.Section>
      </AppShell.Navbar>
      <AppShell.Main id="main-content" tabIndex={-1}>
        <Suspense fallback={<PageLoader />}>
          <Outlet />
        </Suspense>
      </AppShell.Main>
    </AppShell>
  );
}
