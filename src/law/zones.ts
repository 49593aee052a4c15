import { IANAZone } from "luxon";

// Time-zone offsets, remembered. Luxon asks Intl for a zone's offset at every conversion, and that call
// is most of the cost of planning a step or checking a contact window (tens of microseconds each, many
// per case). An offset only changes at a transition, and transitions fall on quarter hours UTC, so the
// offset of a quarter hour is computed once. A quarter hour whose two ends disagree (a transition off
// the quarter hour, should a zone ever have one) is never remembered and always asked of Intl.

const QUARTER_HOUR_MS = 900_000;
/** Quarter hours remembered per zone before starting afresh: about two years, a few hundred KB. */
const MAX_ENTRIES = 70_000;

class RememberedOffsetZone extends IANAZone {
  private readonly offsets = new Map<number, number>();

  override offset(ts: number): number {
    const quarter = Math.floor(ts / QUARTER_HOUR_MS);
    const known = this.offsets.get(quarter);
    if (known !== undefined) return known;
    const start = super.offset(quarter * QUARTER_HOUR_MS);
    if (Number.isNaN(start) || start !== super.offset((quarter + 1) * QUARTER_HOUR_MS - 1))
      return super.offset(ts);
    if (this.offsets.size >= MAX_ENTRIES) this.offsets.clear();
    this.offsets.set(quarter, start);
    return start;
  }
}

const zones = new Map<string, IANAZone>();

/** The named IANA zone for Luxon, with its offsets remembered; invalid names give an invalid zone. */
export function ianaZone(name: string): IANAZone {
  let zone = zones.get(name);
  if (!zone) {
    zone = new RememberedOffsetZone(name);
    if (zones.size < 1000) zones.set(name, zone);
  }
  return zone;
}
