import {
  Alert,
  Button,
  Group,
  NativeSelect,
  PasswordInput,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../../shared/api";
import { errorMessage } from "../../../shared/ui/error-message";
import { QueryErrorAlert } from "../../../shared/ui/QueryErrorAlert";
import { ROLES } from "../../auth/roles";
import { creditorsQuery, usersQuery } from "../api";

const EMPTY = { email: "", name: "", password: "", role: "agent", creditorId: "" };

export function UsersPanel() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const users = useQuery(usersQuery);
  const creditors = useQuery(creditorsQuery);
  const [form, setForm] = useState(EMPTY);
  const isCreditorRole = form.role.startsWith("creditor_");
  const refresh = () => queryClient.invalidateQueries({ queryKey: usersQuery.queryKey });
  const create = useMutation({
    mutationFn: () =>
      api.post("/api/agency/users", { ...form, creditorId: isCreditorRole ? form.creditorId || null : null }),
    onSuccess: async () => {
      setForm(EMPTY);
      await refresh();
    },
  });
  const toggle = useMutation({
    mutationFn: (u: { id: string; disabled: boolean }) =>
      api.patch(`/api/agency/users/${u.id}`, { disabled: u.disabled }),
    onSuccess: refresh,
  });
  const creditorName = (id: string | null) => creditors.data?.find((c) => c.id === id)?.legalName ?? "";
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };

  return (
    <Stack gap="lg">
      {users.isError ? <QueryErrorAlert error={users.error} /> : null}
      <Table.ScrollContainer minWidth={700}>
        <Table aria-label={t("setup.users.title")}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t("setup.users.name")}</Table.Th>
              <Table.Th scope="col">{t("auth.email")}</Table.Th>
              <Table.Th scope="col">{t("setup.users.role")}</Table.Th>
              <Table.Th scope="col">{t("setup.users.creditor")}</Table.Th>
              <Table.Th scope="col">{t("setup.users.state")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(users.data ?? []).map((u) => (
              <Table.Tr key={u.id}>
                <Table.Td>{u.name}</Table.Td>
                <Table.Td>{u.email}</Table.Td>
                <Table.Td>{t(`roles.${u.role as "admin"}`)}</Table.Td>
                <Table.Td>{creditorName(u.creditorId)}</Table.Td>
                <Table.Td>
                  <Group gap="xs">
                    <Text size="sm">{u.disabled ? t("setup.users.disabled") : t("setup.users.active")}</Text>
                    <Button
                      size="compact-xs"
                      variant="default"
                      onClick={() => toggle.mutate({ id: u.id, disabled: !u.disabled })}
                    >
                      {u.disabled ? t("setup.users.enable") : t("setup.users.disable")}
                    </Button>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {toggle.isError ? <Alert color="red">{errorMessage(t, toggle.error)}</Alert> : null}
      <form onSubmit={submit}>
        <Stack gap="sm" maw={480}>
          <Title order={3} size="h4">
            {t("setup.users.new")}
          </Title>
          <TextInput
            label={t("setup.users.name")}
            required
            value={form.name}
            onChange={(e) => setForm({ ...form, name: e.currentTarget.value })}
          />
          <TextInput
            label={t("auth.email")}
            type="email"
            required
            value={form.email}
            onChange={(e) => setForm({ ...form, email: e.currentTarget.value })}
          />
          <PasswordInput
            label={t("auth.password")}
            description={t("setup.users.passwordHint")}
            required
            value={form.password}
            onChange={(e) => setForm({ ...form, password: e.currentTarget.value })}
          />
          <NativeSelect
            label={t("setup.users.role")}
            value={form.role}
            onChange={(e) => setForm({ ...form, role: e.currentTarget.value })}
            data={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
          />
          {isCreditorRole ? (
            <NativeSelect
              label={t("setup.users.creditor")}
              value={form.creditorId}
              onChange={(e) => setForm({ ...form, creditorId: e.currentTarget.value })}
              data={[
                { value: "", label: "—" },
                ...(creditors.data ?? []).map((c) => ({ value: c.id, label: c.legalName })),
              ]}
            />
          ) : null}
          {create.isError ? (
            <Alert color="red" role="alert">
              {errorMessage(t, create.error)}
            </Alert>
          ) : null}
          <Group>
            <Button type="submit" loading={create.isPending}>
              {t("setup.users.create")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}
