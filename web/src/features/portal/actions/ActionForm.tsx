import { Alert, Button, Group, Stack, Text } from "@mantine/core";
import type { FormEvent, ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { isApiError } from "../../../shared/api";
import { errorMessage } from "../../../shared/ui/error-message";
import { ScreenTitle } from "../ScreenTitle";

/** One action screen: a title, a short explanation, the fields, one main button and a way back. */
export function ActionForm({
  title,
  intro,
  children,
  submitLabel,
  onSubmit,
  onCancel,
  pending,
  problem,
  error,
}: {
  title: string;
  intro?: string;
  children: ReactNode;
  submitLabel: string;
  onSubmit: () => void;
  onCancel: () => void;
  pending: boolean;
  /** A problem found before sending (a field left empty, an amount out of range). */
  problem?: string | null;
  error?: unknown;
}) {
  const { t } = useTranslation();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit();
  };
  const message = problem ?? (error ? serverMessage(t, error) : null);
  return (
    <Stack gap="md" pt="md">
      <ScreenTitle>{title}</ScreenTitle>
      {intro ? <Text>{intro}</Text> : null}
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          {message ? (
            <Alert color="red" role="alert">
              {message}
            </Alert>
          ) : null}
          {children}
          <Group gap="sm" grow preventGrowOverflow={false}>
            <Button type="button" size="md" variant="default" onClick={onCancel}>
              {t("portal.back")}
            </Button>
            <Button type="submit" size="md" loading={pending}>
              {submitLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}

function serverMessage(t: Parameters<typeof errorMessage>[0], error: unknown): string {
  // The server names the field it refused; the sentence stays ours, in the reader's language.
  if (isApiError(error, "validation_failed")) return t("portal.errors.invalid");
  if (isApiError(error, "unauthenticated")) return t("portal.errors.sessionEnded");
  return errorMessage(t, error);
}
