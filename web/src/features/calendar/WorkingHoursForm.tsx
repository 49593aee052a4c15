import {
  Alert,
  Button,
  Checkbox,
  NativeSelect,
  Paper,
  SimpleGrid,
  Stack,
  TextInput,
  Title,
} from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../shared/api";
import { QueryErrorAlert } from "../../shared/ui/QueryErrorAlert";
import { type AgentCalendar, formatIntervals, parseIntervals, type WorkingWeek } from "./api";

const DAYS = ["1", "2", "3", "4", "5", "6", "7"] as const;
const SLOT_LENGTHS = [10, 15, 20, 30, 45, 60];

/** An agent's working week in the agency's time zone: one line of intervals per weekday. */
export function WorkingHoursForm({ calendar }: { calendar: AgentCalendar }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [lines, setLines] = useState(() =>
    Object.fromEntries(DAYS.map((d) => [d, formatIntervals(calendar.week[d])])),
  );
  const [slotMinutes, setSlotMinutes] = useState(String(calendar.slotMinutes));
  const [bookable, setBookable] = useState(calendar.bookable);
  const [problem, setProblem] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (week: WorkingWeek) =>
      api.put(`/api/agency/calendars/${calendar.userId}`, {
        week,
        slotMinutes: Number(slotMinutes),
        bookable,
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["calendars"] }),
  });
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const week: WorkingWeek = {};
    for (const d of DAYS) {
      const parsed = parseIntervals(lines[d] ?? "");
      if (!parsed) return setProblem(t("calendar.hours.unreadable", { day: t(`calendar.weekdays.${d}`) }));
      if (parsed.length > 0) week[d] = parsed;
    }
    setProblem(null);
    save.mutate(week);
  };
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="working-hours-title">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Title order={2} size="h4" id="working-hours-title">
            {t("calendar.hours.title", { name: calendar.name })}
          </Title>
          {problem ? (
            <Alert color="red" role="alert">
              {problem}
            </Alert>
          ) : null}
          {save.error ? <QueryErrorAlert error={save.error} /> : null}
          {save.isSuccess ? (
            <Alert color="green" role="status">
              {t("calendar.hours.saved")}
            </Alert>
          ) : null}
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            {DAYS.map((d) => (
              <TextInput
                key={d}
                label={t(`calendar.weekdays.${d}`)}
                placeholder="09:00-12:30, 13:30-18:00"
                value={lines[d]}
                onChange={(e) => {
                  const value = e.currentTarget.value;
                  setLines((l) => ({ ...l, [d]: value }));
                }}
              />
            ))}
          </SimpleGrid>
          <NativeSelect
            label={t("calendar.hours.slot")}
            value={slotMinutes}
            onChange={(e) => setSlotMinutes(e.currentTarget.value)}
            data={SLOT_LENGTHS.map((m) => ({
              value: String(m),
              label: t("calendar.hours.minutes", { count: m }),
            }))}
          />
          <Checkbox
            label={t("calendar.hours.bookable")}
            checked={bookable}
            onChange={(e) => setBookable(e.currentTarget.checked)}
          />
          <Button type="submit" loading={save.isPending} style={{ alignSelf: "flex-start" }}>
            {t("calendar.hours.save")}
          </Button>
        </Stack>
      </form>
    </Paper>
  );
}
