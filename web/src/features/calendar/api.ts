import { queryOptions } from "@tanstack/react-query";
import { api } from "../../shared/api";

// The agents' calendars (src/scheduling/http/calendar-routes.ts).

export type WorkingWeek = Partial<Record<"1" | "2" | "3" | "4" | "5" | "6" | "7", [string, string][]>>;

export interface AgentCalendar {
  userId: string;
  name: string;
  role: string;
  week: WorkingWeek;
  slotMinutes: number;
  bookable: boolean;
  isDefault: boolean;
}

export interface Appointment {
  id: string;
  caseId: string;
  caseReference: string;
  debtorName: string;
  agentId: string;
  startsAt: string;
  endsAt: string;
  channel: "phone" | "visio";
  bookedBy: "voice_agent" | "portal" | "agent";
  status: "booked" | "done" | "missed" | "cancelled";
  phone: string | null;
  note: string | null;
}

export const calendarsQuery = queryOptions({
  queryKey: ["calendars"],
  queryFn: () => api.get<{ items: AgentCalendar[] }>("/api/agency/calendars").then((r) => r.items),
});

export function appointmentsQuery(agentId: string, from: Date, to: Date) {
  return queryOptions({
    queryKey: ["appointments", agentId, from.toISOString()],
    queryFn: ({ signal }) =>
      api
        .get<{ items: Appointment[] }>("/api/agency/appointments", {
          query: { agentId, from: from.toISOString(), to: to.toISOString() },
          signal,
        })
        .then((r) => r.items),
    enabled: agentId !== "",
  });
}

/** Monday 00:00 (browser time) of the week holding `day`. */
export function weekStart(day: Date): Date {
  const d = new Date(day.getFullYear(), day.getMonth(), day.getDate());
  d.setDate(d.getDate() - ((d.getDay() + 6) % 7));
  return d;
}

export function addDays(day: Date, n: number): Date {
  const d = new Date(day);
  d.setDate(d.getDate() + n);
  return d;
}

/** "09:00-12:30, 13:30-18:00" ⇄ [["09:00","12:30"],["13:30","18:00"]]; null when it does not read. */
export function parseIntervals(text: string): [string, string][] | null {
  const parts = text
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean);
  const out: [string, string][] = [];
  for (const p of parts) {
    const m = /^(\d{1,2}):(\d{2})\s*[-–]\s*(\d{1,2}):(\d{2})$/.exec(p);
    if (!m) return null;
    out.push([`${m[1]!.padStart(2, "0")}:${m[2]}`, `${m[3]!.padStart(2, "0")}:${m[4]}`]);
  }
  return out;
}

export function formatIntervals(intervals: [string, string][] | undefined): string {
  return (intervals ?? []).map(([a, b]) => `${a}-${b}`).join(", ");
}
