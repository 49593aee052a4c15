import { Button, Group, NativeSelect, Stack, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useSession } from "../../../features/auth/session";
import { addDays, calendarsQuery, weekStart } from "../../../features/calendar/api";
import { WeekAppointments } from "../../../features/calendar/WeekAppointments";
import { WorkingHoursForm } from "../../../features/calendar/WorkingHoursForm";
import { intlLocale } from "../../../shared/format";
import { PageHeader } from "../../../shared/ui/PageHeader";
import { QueryErrorAlert } from "../../../shared/ui/QueryErrorAlert";

/** The agents' calendars: one agent's week of appointments (booked by voice agents, the portal or staff). */
export function CalendarPage() {
  const { t, i18n } = useTranslation();
  const session = useSession();
  const calendars = useQuery(calendarsQuery);
  const [chosen, setChosen] = useState<string | null>(null);
  const [monday, setMonday] = useState(() => weekStart(new Date()));
  const items = calendars.data ?? [];
  const mine = items.find((c) => c.userId === session?.user.id);
  const agentId = chosen ?? mine?.userId ?? items.find((c) => c.bookable)?.userId ?? "";
  const calendar = items.find((c) => c.userId === agentId);
  const range = new Intl.DateTimeFormat(intlLocale(i18n.resolvedLanguage ?? "fr"), { dateStyle: "long" });
  return (
    <>
      <PageHeader title={t("backoffice.calendar.title")} description={t("backoffice.calendar.description")} />
      {calendars.error ? (
        <QueryErrorAlert error={calendars.error} onRetry={() => calendars.refetch()} />
      ) : null}
      <Stack gap="lg">
        <Group align="flex-end" wrap="wrap">
          <NativeSelect
            label={t("calendar.agent")}
            value={agentId}
            onChange={(e) => setChosen(e.currentTarget.value)}
            data={items.map((c) => ({ value: c.userId, label: c.name }))}
          />
          <Button variant="default" onClick={() => setMonday((m) => addDays(m, -7))}>
            {t("calendar.previousWeek")}
          </Button>
          <Button variant="default" onClick={() => setMonday(weekStart(new Date()))}>
            {t("calendar.thisWeek")}
          </Button>
          <Button variant="default" onClick={() => setMonday((m) => addDays(m, 7))}>
            {t("calendar.nextWeek")}
          </Button>
          <Text aria-live="polite">
            {t("calendar.weekOf", { from: range.format(monday), to: range.format(addDays(monday, 6)) })}
          </Text>
        </Group>
        {agentId ? <WeekAppointments agentId={agentId} monday={monday} /> : null}
        {calendar ? <WorkingHoursForm key={calendar.userId} calendar={calendar} /> : null}
      </Stack>
    </>
  );
}
