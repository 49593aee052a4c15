import { Anchor, Badge, Button, Group, Table, Text } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { api } from "../../shared/api";
import { intlLocale } from "../../shared/format";
import { QueryErrorAlert } from "../../shared/ui/QueryErrorAlert";
import { type Appointment, addDays, appointmentsQuery } from "./api";

const STATUS_COLOR: Record<Appointment["status"], string> = {
  booked: "blue",
  done: "green",
  missed: "orange",
  cancelled: "gray",
};

/** One agent's week: each appointment with its case, debtor, who booked it, and its outcome buttons. */
export function WeekAppointments({ agentId, monday }: { agentId: string; monday: Date }) {
  const { t, i18n } = useTranslation();
  const locale = intlLocale(i18n.resolvedLanguage ?? "fr");
  const queryClient = useQueryClient();
  const week = useQuery(appointmentsQuery(agentId, monday, addDays(monday, 7)));
  const settle = useMutation({
    mutationFn: ({ id, status }: { id: string; status: "done" | "missed" | "cancelled" }) =>
      api.post(`/api/agency/appointments/${id}/outcome`, { status }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ["appointments", agentId] }),
  });
  const day = new Intl.DateTimeFormat(locale, { weekday: "long", day: "numeric", month: "long" });
  const time = new Intl.DateTimeFormat(locale, { timeStyle: "short" });
  if (week.error) return <QueryErrorAlert error={week.error} />;
  const items = week.data ?? [];
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table striped highlightOnHover>
        <Table.Caption>{t("calendar.weekCaption", { count: items.length })}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t("calendar.columns.when")}</Table.Th>
            <Table.Th scope="col">{t("calendar.columns.case")}</Table.Th>
            <Table.Th scope="col">{t("calendar.columns.debtor")}</Table.Th>
            <Table.Th scope="col">{t("calendar.columns.channel")}</Table.Th>
            <Table.Th scope="col">{t("calendar.columns.bookedBy")}</Table.Th>
            <Table.Th scope="col">{t("calendar.columns.status")}</Table.Th>
            <Table.Th scope="col">{t("calendar.columns.actions")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((a) => (
            <Table.Tr key={a.id}>
              <Table.Td>
                <Text size="sm">{day.format(new Date(a.startsAt))}</Text>
                <Text size="sm" fw={600}>
                  {time.format(new Date(a.startsAt))}–{time.format(new Date(a.endsAt))}
                </Text>
              </Table.Td>
              <Table.Td>
                <Anchor
                  renderRoot={(props) => (
                    <Link to="/backoffice/cases/$caseId" params={{ caseId: a.caseId }} {...props} />
                  )}
                >
                  {a.caseReference}
                </Anchor>
              </Table.Td>
              <Table.Td>{a.debtorName}</Table.Td>
              <Table.Td>
                {t(`calendar.channels.${a.channel}`)}
                {a.phone ? <Text size="xs">{a.phone}</Text> : null}
              </Table.Td>
              <Table.Td>{t(`calendar.bookedBy.${a.bookedBy}`)}</Table.Td>
              <Table.Td>
                <Badge color={STATUS_COLOR[a.status]} variant="light">
                  {t(`calendar.status.${a.status}`)}
                </Badge>
              </Table.Td>
              <Table.Td>
                {a.status === "booked" ? (
                  <Group gap={4} wrap="nowrap">
                    {(["done", "missed", "cancelled"] as const).map((status) => (
                      <Button
                        key={status}
                        size="compact-xs"
                        variant={status === "done" ? "filled" : "default"}
                        loading={settle.isPending && settle.variables?.id === a.id}
                        onClick={() => settle.mutate({ id: a.id, status })}
                        aria-label={t(`calendar.mark.${status}Label`, { case: a.caseReference })}
                      >
                        {t(`calendar.mark.${status}`)}
                      </Button>
                    ))}
                  </Group>
                ) : null}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {settle.error ? <QueryErrorAlert error={settle.error} /> : null}
    </Table.ScrollContainer>
  );
}
