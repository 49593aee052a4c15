import { describe, expect, it } from "vitest";
import { isPrescribed, prescriptionDate } from "../../src/law/fr/prescription";

describe("prescriptionDate", () => {
  it("bars a consumer claim two years after it fell due (FR-20)", () => {
    expect(prescriptionDate({ basis: "consumer", dueDate: "2023-03-15" })).toBe("2025-03-15");
  });

  it("bars a business claim five years after it fell due (FR-21)", () => {
    expect(prescriptionDate({ basis: "business", dueDate: "2021-09-30" })).toBe("2026-09-30");
    expect(prescriptionDate({ basis: "civil", dueDate: "2021-09-30" })).toBe("2026-09-30");
  });

  it("gives an enforceable title ten years from the title (FR-23)", () => {
    expect(prescriptionDate({ basis: "title", dueDate: "2015-01-10", titleDate: "2018-06-01" })).toBe(
      "2028-06-01",
    );
  });

  it("starts a new full period from the last acknowledgement (FR-22)", () => {
    const facts = {
      basis: "consumer" as const,
      dueDate: "2023-03-15",
      acknowledgements: [
        { kind: "partial_payment" as const, date: "2024-01-10" },
        { kind: "plan" as const, date: "2024-11-02" },
        { kind: "promise" as const, date: "2024-06-01" },
      ],
    };
    expect(prescriptionDate(facts)).toBe("2026-11-02");
  });

  it("does not let an acknowledgement made after the claim was barred restart it", () => {
    const facts = {
      basis: "consumer" as const,
      dueDate: "2020-01-01",
      acknowledgements: [{ kind: "partial_payment" as const, date: "2023-05-01" }],
    };
    expect(prescriptionDate(facts)).toBe("2022-01-01");
  });

  it("chains acknowledgements while each falls inside the running period", () => {
    const facts = {
      basis: "consumer" as const,
      dueDate: "2019-01-01",
      acknowledgements: [
        { kind: "promise" as const, date: "2020-12-01" },
        { kind: "plan" as const, date: "2022-11-01" },
      ],
    };
    expect(prescriptionDate(facts)).toBe("2024-11-01");
  });

  it("moves 29 February to 28 February, the earlier day", () => {
    expect(prescriptionDate({ basis: "consumer", dueDate: "2024-02-29" })).toBe("2026-02-28");
  });

  it("rejects a malformed date", () => {
    expect(() => prescriptionDate({ basis: "consumer", dueDate: "15/03/2023" })).toThrow(RangeError);
  });
});

describe("isPrescribed", () => {
  it("reads the prescription day on the debtor's calendar", () => {
    const now = new Date("2025-03-14T23:30:00Z");
    expect(isPrescribed("2025-03-15", now, "Europe/Paris")).toBe(true);
    expect(isPrescribed("2025-03-15", now, "America/New_York")).toBe(false);
    expect(isPrescribed("2025-03-16", now, "Europe/Paris")).toBe(false);
  });
});
