import { DateTime } from "luxon";
import { localDateOf } from "./business-days";

// When a claim becomes time-barred. Relance blocks every amicable demand from that date (FR-23
// "Relance" line, FR-27: the DGCCRF sanctions agencies that do not check prescription).

/**
 * - consumer: a professional's claim for goods or services against a consumer, 2 years (FR-20,
 *   C. conso L218-2);
 * - business: a claim between merchants or arising from trade, 5 years (FR-21, C. com. L110-4 I);
 * - civil: any other claim, including against non-professional legal persons, 5 years (FR-21,
 *   C. civ. 2224);
 * - title: a claim under an enforceable title, 10 years (FR-23, CPCE L111-4).
 */
export type PrescriptionBasis = "consumer" | "business" | "civil" | "title";

export const PRESCRIPTION_YEARS: Readonly<Record<PrescriptionBasis, number>> = {
  consumer: 2,
  business: 5,
  civil: 5,
  title: 10,
};

/** Acts of the debtor that acknowledge the debt and start a new full period (FR-22, C. civ. 2240). */
export type AcknowledgementKind = "promise" | "plan" | "partial_payment" | "written_acknowledgement";

export interface Acknowledgement {
  kind: AcknowledgementKind;
  /** Local date, YYYY-MM-DD. */
  date: string;
}

export interface PrescriptionFacts {
  basis: PrescriptionBasis;
  /** When payment fell due (FR-20: when the creditor knew or should have known), YYYY-MM-DD. */
  dueDate: string;
  /** For a title: the date it became enforceable; the period then runs from it (FR-23). */
  titleDate?: string;
  acknowledgements?: readonly Acknowledgement[];
}

/**
 * The first local date (YYYY-MM-DD) on which the claim is treated as prescribed: the same calendar
 * day N years after the start of the running period. Counting the anniversary itself as barred is
 * a day earlier than the latest reading of C. civ. 2229, which only errs on the side of stopping;
 * 29 February moves to 28 February for the same reason.
 */
export function prescriptionDate(facts: PrescriptionFacts): string {
  const years = PRESCRIPTION_YEARS[facts.basis];
  let start = parseDate(facts.basis === "title" ? (facts.titleDate ?? facts.dueDate) : facts.dueDate);
  // FR-22: an acknowledgement, even partial, restarts the full period for the whole claim. One made
  // after the claim was already barred is not counted: whether it gives up the prescription is for a
  // person to judge, and counting it would let automated collection resume on a barred debt.
  const acknowledgements = [...(facts.acknowledgements ?? [])].map((a) => parseDate(a.date)).sort(byTime);
  for (const date of acknowledgements) {
    if (date < start) continue;
    if (date >= start.plus({ years })) break;
    start = date;
  }
  return start.plus({ years }).toISODate()!;
}

/** Whether the claim is prescribed at `now`, read on the debtor's local calendar. */
export function isPrescribed(prescribedOn: string, now: Date, timeZone: string): boolean {
  return localDateOf(now, timeZone) >= parseDate(prescribedOn).toISODate()!;
}

function parseDate(value: string): DateTime {
  const date = DateTime.fromISO(value, { zone: "UTC" });
  if (!date.isValid || !/^\d{4}-\d{2}-\d{2}$/.test(value))
    throw new RangeError(`not a YYYY-MM-DD date: ${value}`);
  return date;
}

function byTime(a: DateTime, b: DateTime): number {
  return a.toMillis() - b.toMillis();
}
