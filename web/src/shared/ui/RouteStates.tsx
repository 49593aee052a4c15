import { Anchor, Button, Center, Container, Loader, Stack, Text, Title } from "@mantine/core";
import { type ErrorComponentProps, Link, useRouter } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { errorMessage } from "./error-message";
import { usePageTitle } from "./usePageTitle";

export function PageLoader() {
  const { t } = useTranslation();
  return (
    <Center mih={200} role="status">
      <Loader size="md" aria-label={t("common.loading")} />
    </Center>
  );
}

export function RouteErrorPage({ error, reset }: ErrorComponentProps) {
  const { t } = useTranslation();
  const router = useRouter();
  usePageTitle(t("errors.title"));
  return (
    <Container size="sm" component="main" id="main-content" tabIndex={-1} py="xl">
      <Stack gap="md">
        <Title order={1}>{t("errors.title")}</Title>
        <Text>{errorMessage(t, error)}</Text>
        <div>
          <Button
            onClick={() => {
              reset();
              void router.invalidate();
            }}
          >
            {t("common.retry")}
          </Button>
        </div>
      </Stack>
    </Container>
  );
}

export function NotFoundPage() {
  const { t } = useTranslation();
  usePageTitle(t("notFound.title"));
  return (
    <Container size="sm" component="main" id="main-content" tabIndex={-1} py="xl">
      <Stack gap="md">
        <Title order={1}>{t("notFound.title")}</Title>
        <Text>{t("notFound.body")}</Text>
        <Anchor component={Link} to="/">
          {t("notFound.home")}
        </Anchor>
      </Stack>
    </Container>
  );
}
