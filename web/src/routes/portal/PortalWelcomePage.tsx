import { Button, Container, Group, List, Paper, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { getRouteApi } from "@tanstack/react-router";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { isInvalidLink, type PortalLink, portalLinkQuery } from "../../features/portal/queries";
import { LanguageSwitcher } from "../../shared/i18n/LanguageSwitcher";
import { errorMessage } from "../../shared/ui/error-message";
import { PageLoader } from "../../shared/ui/RouteStates";
import { usePageTitle } from "../../shared/ui/usePageTitle";

const route = getRouteApi("/p/$token");

/** Mobile-first frame: the sender's name on top, one column, large touch targets. */
function PortalFrame({ agencyName, children }: { agencyName: string | null; children: ReactNode }) {
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

function Welcome({ link }: { link: PortalLink }) {
  const { t } = useTranslation();
  usePageTitle(t("portal.welcome.title"));
  const actions = [
    t("portal.welcome.actions.see"),
    t("portal.welcome.actions.pay"),
    t("portal.welcome.actions.plan"),
    t("portal.welcome.actions.promise"),
    t("portal.welcome.actions.dispute"),
    t("portal.welcome.actions.callback"),
  ];
  return (
    <Stack gap="lg" pt="md">
      <Stack gap="xs">
        <Title order={1} size="h2">
          {t("portal.welcome.title")}
        </Title>
        <Text>{t("portal.welcome.sentBy", { agency: link.agency.name })}</Text>
      </Stack>
      <section aria-labelledby="portal-actions">
        <Title order={2} size="h4" id="portal-actions" mb="xs">
          {t("portal.welcome.actionsTitle")}
        </Title>
        <List spacing="xs">
          {actions.map((action) => (
            <List.Item key={action}>{action}</List.Item>
          ))}
        </List>
      </section>
      <Paper withBorder p="md" bg="navy.0" component="section" aria-labelledby="portal-next">
        <Title order={2} size="h4" id="portal-next" mb="xs">
          {t("portal.welcome.nextTitle")}
        </Title>
        <Text>{t("portal.welcome.nextBody", { agency: link.agency.name })}</Text>
      </Paper>
    </Stack>
  );
}

function InvalidLink() {
  const { t } = useTranslation();
  usePageTitle(t("portal.invalid.title"));
  return (
    <Stack gap="sm" pt="md">
      <Title order={1} size="h2">
        {t("portal.invalid.title")}
      </Title>
      <Text>{t("portal.invalid.body")}</Text>
      <Text>{t("portal.invalid.help")}</Text>
    </Stack>
  );
}

function Unavailable({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const { t } = useTranslation();
  usePageTitle(t("portal.unavailable.title"));
  return (
    <Stack gap="sm" pt="md" align="flex-start">
      <Title order={1} size="h2">
        {t("portal.unavailable.title")}
      </Title>
      <Text>{errorMessage(t, error)}</Text>
      <Button size="md" onClick={onRetry}>
        {t("common.retry")}
      </Button>
    </Stack>
  );
}

export function PortalWelcomePage() {
  const { token } = route.useParams();
  const query = useQuery(portalLinkQuery(token));
  let body: ReactNode;
  if (query.isPending) body = <PageLoader />;
  else if (query.isError)
    body = isInvalidLink(query.error) ? (
      <InvalidLink />
    ) : (
      <Unavailable error={query.error} onRetry={() => void query.refetch()} />
    );
  else body = <Welcome link={query.data} />;
  return <PortalFrame agencyName={query.data?.agency.name ?? null}>{body}</PortalFrame>;
}
