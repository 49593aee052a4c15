import {
  Alert,
  Button,
  Container,
  Group,
  Paper,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { getRouteApi, useNavigate } from "@tanstack/react-router";
import type { TFunction } from "i18next";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, isApiError, setCsrfToken } from "../../shared/api";
import { setLanguage, storedLanguage } from "../../shared/i18n";
import { LanguageSwitcher } from "../../shared/i18n/LanguageSwitcher";
import { errorMessage } from "../../shared/ui/error-message";
import { usePageTitle } from "../../shared/ui/usePageTitle";
import { landingFor } from "./roles";
import { SESSION_KEY, type Session } from "./session";

const route = getRouteApi("/login");

interface Credentials {
  email: string;
  password: string;
}

function loginErrorMessage(t: TFunction, error: unknown): string {
  if (isApiError(error, "invalid_credentials")) return t("auth.errors.invalidCredentials");
  if (isApiError(error, "rate_limited")) return t("auth.errors.rateLimited");
  if (isApiError(error, "validation_failed")) return t("auth.errors.invalidInput");
  return errorMessage(t, error);
}

export function LoginPage() {
  const { t } = useTranslation();
  usePageTitle(t("auth.title"));
  const { redirect, expired } = route.useSearch();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [missing, setMissing] = useState<{ email: boolean; password: boolean }>({
    email: false,
    password: false,
  });

  const login = useMutation({
    mutationFn: (credentials: Credentials) =>
      api.post<Session>("/api/auth/login", credentials, { redirectOn401: false }),
    onSuccess: async (session) => {
      setCsrfToken(session.csrfToken);
      queryClient.setQueryData(SESSION_KEY, session);
      // A language picked on this device wins over the account's preference.
      if (!storedLanguage()) await setLanguage(session.user.locale, { persist: false });
      await navigate({ href: landingFor(session.user.role, redirect), replace: true });
    },
  });

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const check = { email: !email.trim(), password: !password };
    setMissing(check);
    if (check.email || check.password) return;
    login.mutate({ email: email.trim(), password });
  };

  return (
    <Container size={420} component="main" id="main-content" tabIndex={-1} py={64}>
      <Stack gap="lg">
        <Group justify="space-between" align="center">
          <Text fw={700} size="xl" c="navy.8">
            Relance
          </Text>
          <LanguageSwitcher />
        </Group>
        <Paper withBorder shadow="xs" p="xl" radius="md">
          <form onSubmit={onSubmit} noValidate aria-labelledby="login-title">
            <Stack gap="md">
              <div>
                <Title order={1} size="h3" id="login-title">
                  {t("auth.title")}
                </Title>
                <Text size="sm" c="dimmed">
                  {t("auth.subtitle")}
                </Text>
              </div>
              {expired && !login.isError ? (
                <Alert color="navy" role="status">
                  {t("auth.sessionExpired")}
                </Alert>
              ) : null}
              {login.isError ? (
                <Alert color="red" role="alert" title={t("auth.errors.title")}>
                  {loginErrorMessage(t, login.error)}
                </Alert>
              ) : null}
              <TextInput
                label={t("auth.email")}
                type="email"
                name="email"
                autoComplete="username"
                required
                value={email}
                onChange={(event) => setEmail(event.currentTarget.value)}
                error={missing.email ? t("auth.errors.emailRequired") : undefined}
              />
              <PasswordInput
                label={t("auth.password")}
                name="password"
                autoComplete="current-password"
                required
                value={password}
                onChange={(event) => setPassword(event.currentTarget.value)}
                error={missing.password ? t("auth.errors.passwordRequired") : undefined}
                visibilityToggleButtonProps={{ "aria-label": t("auth.showPassword") }}
              />
              <Button type="submit" fullWidth loading={login.isPending}>
                {t("auth.submit")}
              </Button>
            </Stack>
          </form>
        </Paper>
      </Stack>
    </Container>
  );
}
