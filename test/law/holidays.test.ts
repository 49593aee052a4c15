import { describe, expect, it } from "vitest";
import { addBusinessDays, isBusinessDay, localDateOf } from "../../src/law/fr/business-days";
import { easterSunday, frenchPublicHolidays, isPublicHoliday } from "../../src/law/fr/holidays";

describe("easterSunday", () => {
  it.each([
    [1818, 3, 22],
    [1943, 4, 25],
    [2000, 4, 23],
    [2008, 3, 23],
    [2011, 4, 24],
    [2016, 3, 27],
    [2019, 4, 21],
    [2021, 4, 4],
    [2022, 4, 17],
    [2023, 4, 9],
    [2024, 3, 31],
    [2025, 4, 20],
    [2026, 4, 5],
    [2027, 3, 28],
    [2038, 4, 25],
    [2285, 3, 22],
  ])("puts Easter %i on %i/%i", (year, month, day) => {
    expect(easterSunday(year)).toEqual({ year, month, day });
  });

  it("always falls on a Sunday between 22 March and 25 April", () => {
    for (let year = 1900; year <= 2200; year++) {
      const { month, day } = easterSunday(year);
      expect(new Date(Date.UTC(year, month - 1, day)).getUTCDay()).toBe(0);
      expect(month * 100 + day).toBeGreaterThanOrEqual(322);
      expect(month * 100 + day).toBeLessThanOrEqual(425);
    }
  });
});

describe("frenchPublicHolidays", () => {
  it("lists the eleven national holidays of 2025 in metropolitan France", () => {
    expect(frenchPublicHolidays(2025, "metropole").map((h) => h.date)).toEqual([
      "2025-01-01",
      "2025-04-21",
      "2025-05-01",
      "2025-05-08",
      "2025-05-29",
      "2025-06-09",
      "2025-07-14",
      "2025-08-15",
      "2025-11-01",
      "2025-11-11",
      "2025-12-25",
    ]);
  });

  it("adds Good Friday and 26 December in Alsace-Moselle", () => {
    const dates = frenchPublicHolidays(2026, "alsace-moselle").map((h) => h.date);
    expect(dates).toHaveLength(13);
    expect(dates).toContain("2026-04-03");
    expect(dates).toContain("2026-12-26");
    expect(isPublicHoliday("2026-04-03", "metropole")).toBe(false);
  });

  it.each([
    ["971", "2025-05-27"],
    ["972", "2025-05-22"],
    ["973", "2025-06-10"],
    ["974", "2025-12-20"],
    ["976", "2025-04-27"],
    ["977", "2025-10-09"],
    ["978", "2025-05-28"],
  ] as const)("marks the abolition of slavery in %s on %s", (region, date) => {
    expect(isPublicHoliday(date, region)).toBe(true);
    expect(isPublicHoliday(date, "metropole")).toBe(false);
    expect(frenchPublicHolidays(2025, region)).toHaveLength(12);
  });

  it("keeps the national holidays in the Pacific collectivities and abroad", () => {
    expect(isPublicHoliday("2025-07-14", "988")).toBe(true);
    expect(isPublicHoliday("2025-06-09", "abroad")).toBe(true);
  });

  it("knows Whit Monday 2026 is 25 May", () => {
    expect(isPublicHoliday("2026-05-25", "metropole")).toBe(true);
    expect(isPublicHoliday("2026-05-26", "metropole")).toBe(false);
  });
});

describe("business days", () => {
  it("counts Monday to Friday outside public holidays", () => {
    expect(isBusinessDay("2025-07-11", "metropole")).toBe(true);
    expect(isBusinessDay("2025-07-12", "metropole")).toBe(false);
    expect(isBusinessDay("2025-07-14", "metropole")).toBe(false);
    expect(isBusinessDay("2025-12-26", "alsace-moselle")).toBe(false);
    expect(isBusinessDay("2025-12-26", "metropole")).toBe(true);
  });

  it("reads the business day on the debtor's calendar, not UTC", () => {
    // 23:30 UTC on Friday 11 July is already Saturday in Nouméa.
    const at = new Date("2025-07-11T23:30:00Z");
    expect(localDateOf(at, "Europe/Paris")).toBe("2025-07-12");
    expect(localDateOf(at, "Pacific/Noumea")).toBe("2025-07-12");
    expect(localDateOf(at, "America/New_York")).toBe("2025-07-11");
  });

  it("skips the weekend and Bastille Day when adding business days", () => {
    const friday = new Date("2025-07-11T08:00:00Z"); // 10:00 in Paris
    expect(addBusinessDays(friday, 1, "Europe/Paris", "metropole").toISOString()).toBe(
      "2025-07-15T08:00:00.000Z",
    );
    expect(addBusinessDays(friday, -1, "Europe/Paris", "metropole").toISOString()).toBe(
      "2025-07-10T08:00:00.000Z",
    );
  });

  it("rolls a holiday forward when adding zero business days", () => {
    const holiday = new Date("2025-12-25T09:00:00Z");
    expect(addBusinessDays(holiday, 0, "Europe/Paris", "alsace-moselle").toISOString()).toBe(
      "2025-12-29T09:00:00.000Z",
    );
  });

  it("keeps the local wall time across the March and October clock changes in Paris", () => {
    // Friday 28 March 2025 09:00 CET, Monday 31 March 09:00 CEST.
    expect(
      addBusinessDays(new Date("2025-03-28T08:00:00Z"), 1, "Europe/Paris", "metropole").toISOString(),
    ).toBe("2025-03-31T07:00:00.000Z");
    // Friday 24 October 2025 09:00 CEST, Monday 27 October 09:00 CET.
    expect(
      addBusinessDays(new Date("2025-10-24T07:00:00Z"), 1, "Europe/Paris", "metropole").toISOString(),
    ).toBe("2025-10-27T08:00:00.000Z");
  });

  it("keeps the local wall time across the US clock change", () => {
    // Friday 7 March 2025 09:00 EST, Monday 10 March 09:00 EDT.
    expect(
      addBusinessDays(new Date("2025-03-07T14:00:00Z"), 1, "America/New_York", "abroad").toISOString(),
    ).toBe("2025-03-10T13:00:00.000Z");
  });
});
