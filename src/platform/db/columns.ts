import { timestamp } from "drizzle-orm/pg-core";

/** A point in time: `timestamptz`, read as a Date. Every table of every context uses this one kind. */
export const ts = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });
