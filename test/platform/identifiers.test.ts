import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  formatIban,
  formatRfReference,
  isValidRfReference,
  makeRfReference,
  normaliseIban,
  parseBic,
  parseEmail,
  parseFrenchPostalCode,
  parseIban,
  parsePhone,
  parseSiren,
  parseSiret,
} from "../../src/platform/identifiers";

describe("SIREN", () => {
  it("accepts a 9-digit number with a valid Luhn key, ignoring spaces", () => {
    expect(parseSiren("732829320")).toEqual({ ok: true, value: "732829320" });
    expect(parseSiren("732 829 320")).toEqual({ ok: true, value: "732829320" });
    expect(parseSiren(" 542\u00a0107\u202f651 ")).toEqual({ ok: true, value: "542107651" });
    expect(parseSiren("356000000")).toEqual({ ok: true, value: "356000000" });
  });

  it("says whether the format or the checksum is wrong", () => {
    expect(parseSiren("732829321")).toEqual({ ok: false, reason: "checksum" });
    expect(parseSiren("73282932")).toEqual({ ok: false, reason: "format" });
    expect(parseSiren("7328293200")).toEqual({ ok: false, reason: "format" });
    expect(parseSiren("73282932A")).toEqual({ ok: false, reason: "format" });
    expect(parseSiren("")).toEqual({ ok: false, reason: "format" });
  });

  it("catches every single-digit typo", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 8 }), fc.integer({ min: 1, max: 9 }), (position, delta) => {
        const digits = [..."732829320"].map(Number);
        digits[position] = ((digits[position] ?? 0) + delta) % 10;
        expect(parseSiren(digits.join(""))).toEqual({ ok: false, reason: "checksum" });
      }),
    );
  });
});

describe("SIRET", () => {
  it("accepts a 14-digit number with a valid Luhn key, ignoring spaces", () => {
    expect(parseSiret("732 829 320 00074")).toEqual({ ok: true, value: "73282932000074" });
    expect(parseSiret("44306184100047")).toEqual({ ok: true, value: "44306184100047" });
  });

  it("refuses a bad key, or a valid key on a SIREN that is itself invalid", () => {
    expect(parseSiret("44306184100048")).toEqual({ ok: false, reason: "checksum" });
    expect(parseSiret("73282932100007")).toEqual({ ok: false, reason: "checksum" });
    expect(parseSiret("7328293200007")).toEqual({ ok: false, reason: "format" });
    expect(parseSiret("732829320000745")).toEqual({ ok: false, reason: "format" });
  });

  it("accepts La Poste establishments whose digits add up to a multiple of 5", () => {
    // 3+5+6+4+9+8+3+7 = 45, although the Luhn key fails.
    expect(parseSiret("356 000 000 49837")).toEqual({ ok: true, value: "35600000049837" });
    expect(parseSiret("35600000049846")).toEqual({ ok: true, value: "35600000049846" });
    // The head office passes the Luhn key.
    expect(parseSiret("35600000000048")).toEqual({ ok: true, value: "35600000000048" });
    expect(parseSiret("35600000049838")).toEqual({ ok: false, reason: "checksum" });
  });

  it("does not extend La Poste's rule to other companies", () => {
    // Its digits add up to 35, a multiple of 5, but the Luhn key fails.
    expect(parseSiret("44306184100004")).toEqual({ ok: false, reason: "checksum" });
  });
});

describe("IBAN", () => {
  it("normalises spaces and case and validates the mod-97 key", () => {
    expect(parseIban("fr76 3000 6000 0112 3456 7890 189")).toEqual({
      ok: true,
      value: { iban: "FR7630006000011234567890189", country: "FR", sepa: true },
    });
    expect(parseIban("DE89 3704 0044 0532 0130 00")).toEqual({
      ok: true,
      value: { iban: "DE89370400440532013000", country: "DE", sepa: true },
    });
    expect(normaliseIban(" gb82 west 1234 5698 7654 32 ")).toBe("GB82WEST12345698765432");
  });

  it("says whether the IBAN can receive a SEPA transfer", () => {
    const turkish = parseIban("TR33 0006 1005 1978 6457 8413 26");
    expect(turkish.ok && turkish.value.sepa).toBe(false);
    const swiss = parseIban("CH93 0076 2011 6238 5295 7");
    expect(swiss.ok && swiss.value.sepa).toBe(true);
  });

  it("names the fault: format, country or checksum", () => {
    expect(parseIban("FR7630006000011234567890188")).toEqual({ ok: false, reason: "checksum" });
    expect(parseIban("FR7730006000011234567890189")).toEqual({ ok: false, reason: "checksum" });
    expect(parseIban("XX7630006000011234567890189")).toEqual({ ok: false, reason: "country" });
    expect(parseIban("FR76300060000112345678901")).toEqual({ ok: false, reason: "format" });
    expect(parseIban("not an iban")).toEqual({ ok: false, reason: "format" });
    expect(parseIban("")).toEqual({ ok: false, reason: "format" });
  });

  it("prints in groups of four", () => {
    expect(formatIban("FR7630006000011234567890189")).toBe("FR76 3000 6000 0112 3456 7890 189");
    expect(formatIban("de89370400440532013000")).toBe("DE89 3704 0044 0532 0130 00");
  });
});

describe("BIC", () => {
  it("accepts 8- and 11-character codes, upper-cased", () => {
    expect(parseBic("BNPAFRPP")).toEqual({ ok: true, value: "BNPAFRPP" });
    expect(parseBic("bnpa fr pp xxx")).toEqual({ ok: true, value: "BNPAFRPPXXX" });
    expect(parseBic("AGRIFRPP882")).toEqual({ ok: true, value: "AGRIFRPP882" });
  });

  it("refuses malformed codes and unknown countries", () => {
    expect(parseBic("BNPA")).toEqual({ ok: false, reason: "format" });
    expect(parseBic("BNPAFRPPX")).toEqual({ ok: false, reason: "format" });
    expect(parseBic("BNP1FRPP")).toEqual({ ok: false, reason: "format" });
    expect(parseBic("BNPAXXPP")).toEqual({ ok: false, reason: "country" });
  });
});

describe("phone numbers", () => {
  it.each([
    ["06 12 34 56 78", "+33612345678"],
    ["06.12.34.56.78", "+33612345678"],
    ["+33 6 12 34 56 78", "+33612345678"],
    ["+33 (0)6 12 34 56 78", "+33612345678"],
    ["0033 6 12 34 56 78", "+33612345678"],
    ["07 81 23 45 67", "+33781234567"],
  ])("reads the French mobile %s as %s", (text, e164) => {
    expect(parsePhone(text)).toEqual({ ok: true, value: { e164, region: "FR", type: "mobile" } });
  });

  it("marks landlines as fixed, so that no SMS is sent to them", () => {
    expect(parsePhone("01 42 68 53 00")).toEqual({
      ok: true,
      value: { e164: "+33142685300", region: "FR", type: "fixed" },
    });
  });

  it.each([
    ["0690 12 34 56", "+590690123456", "GP", "mobile"],
    ["0590 27 12 34", "+590590271234", "BL", "fixed"],
    ["0696 12 34 56", "+596696123456", "MQ", "mobile"],
    ["0596 71 12 34", "+596596711234", "MQ", "fixed"],
    ["0694 20 12 34", "+594694201234", "GF", "mobile"],
    ["0692 12 34 56", "+262692123456", "RE", "mobile"],
    ["0262 12 34 56", "+262262123456", "RE", "fixed"],
    ["0639 69 12 34", "+262639691234", "YT", "mobile"],
    ["+33 6 90 12 34 56", "+590690123456", "GP", "mobile"],
    ["+590 690 12 34 56", "+590690123456", "GP", "mobile"],
  ])("gives the overseas number %s its own country code: %s", (text, e164, region, type) => {
    expect(parsePhone(text)).toEqual({ ok: true, value: { e164, region, type } });
  });

  it("reads foreign numbers written in international form", () => {
    expect(parsePhone("+44 7911 123456")).toMatchObject({
      ok: true,
      value: { e164: "+447911123456", type: "mobile" },
    });
    expect(parsePhone("+32 470 12 34 56")).toEqual({
      ok: true,
      value: { e164: "+32470123456", region: "BE", type: "mobile" },
    });
  });

  it("uses another default region when asked", () => {
    expect(parsePhone("0470 12 34 56", "BE")).toMatchObject({ ok: true, value: { e164: "+32470123456" } });
  });

  it("leaves the line type unknown when the plan does not say", () => {
    expect(parsePhone("0800 12 34 56")).toMatchObject({ ok: true, value: { type: "unknown" } });
  });

  it("refuses what is not a valid number", () => {
    for (const text of ["", "abc", "06 12", "06 12 34 56 78 90", "+33 1 23", "00 00 00 00 00"]) {
      expect(parsePhone(text), text).toEqual({ ok: false, reason: "format" });
    }
  });
});

describe("email addresses", () => {
  it("accepts ordinary addresses and lower-cases only the domain", () => {
    expect(parseEmail("Lea.Martin@Example.FR")).toEqual({ ok: true, value: "Lea.Martin@example.fr" });
    expect(parseEmail(" contact+relance@sub.domaine-exemple.fr ")).toEqual({
      ok: true,
      value: "contact+relance@sub.domaine-exemple.fr",
    });
    expect(parseEmail("o'neil@example.co.uk")).toEqual({ ok: true, value: "o'neil@example.co.uk" });
    expect(parseEmail("jean@société.fr")).toEqual({ ok: true, value: "jean@société.fr" });
    expect(parseEmail("hélène@Société.fr")).toEqual({ ok: true, value: "hélène@société.fr" });
    expect(parseEmail("x@xn--socit-esab.fr")).toEqual({ ok: true, value: "x@xn--socit-esab.fr" });
  });

  it.each([
    "",
    "plainaddress",
    "@example.fr",
    "lea@",
    "lea@localhost",
    "lea@example.f",
    "lea@example.123",
    "lea martin@example.fr",
    "lea..martin@example.fr",
    ".lea@example.fr",
    "lea.@example.fr",
    "lea@@example.fr",
    "lea@example..fr",
    "lea@-example.fr",
    "lea@example-.fr",
    "lea@exa_mple.fr",
    '"lea"@example.fr',
    "lea\u00a0martin@example.fr",
    "lea@example.fr.",
  ])("refuses %j", (text) => {
    expect(parseEmail(text)).toEqual({ ok: false, reason: "format" });
  });

  it("refuses over-long local parts and domains", () => {
    expect(parseEmail(`${"a".repeat(65)}@example.fr`)).toEqual({ ok: false, reason: "format" });
    expect(parseEmail(`${"a".repeat(64)}@example.fr`).ok).toBe(true);
    expect(parseEmail(`lea@${"a".repeat(64)}.fr`)).toEqual({ ok: false, reason: "format" });
    expect(parseEmail(`lea@${"abcdefghi.".repeat(25)}fr`)).toEqual({ ok: false, reason: "format" });
  });
});

describe("French postal codes", () => {
  it.each([
    ["75001", "75"],
    ["01000", "01"],
    ["13008", "13"],
    ["95000", "95"],
    ["20000", "2A"],
    ["20167", "2A"],
    ["20200", "2B"],
    ["20600", "2B"],
    ["97110", "971"],
    ["97200", "972"],
    ["97300", "973"],
    ["97400", "974"],
    ["97500", "975"],
    ["97600", "976"],
    ["98600", "986"],
    ["98714", "987"],
    ["98800", "988"],
  ])("reads %s as department %s", (text, department) => {
    expect(parseFrenchPostalCode(text)).toEqual({ ok: true, value: { code: text, department } });
  });

  it("ignores surrounding and inner spaces", () => {
    expect(parseFrenchPostalCode(" 75 001 ")).toEqual({
      ok: true,
      value: { code: "75001", department: "75" },
    });
  });

  it("refuses malformed codes", () => {
    for (const text of ["", "7500", "750011", "7500A", "2A004"]) {
      expect(parseFrenchPostalCode(text), text).toEqual({ ok: false, reason: "format" });
    }
  });

  it("refuses codes outside any French department, Monaco included", () => {
    for (const text of ["00100", "96000", "97700", "98000", "98500", "99000"]) {
      expect(parseFrenchPostalCode(text), text).toEqual({ ok: false, reason: "department" });
    }
  });
});

describe("ISO 11649 RF creditor references", () => {
  it("computes the check digits of the standard's examples", () => {
    expect(makeRfReference("539007547034")).toBe("RF18539007547034");
    expect(makeRfReference("2348231")).toBe("RF712348231");
  });

  it("pads check digits to two and accepts letters, case and dashes", () => {
    expect(makeRfReference("0")).toBe("RF040");
    expect(makeRfReference("REL-2026-000123")).toMatch(/^RF\d{2}REL2026000123$/);
    expect(makeRfReference("rel2026000123")).toBe(makeRfReference("REL-2026-000123"));
  });

  it("refuses bases that cannot be encoded", () => {
    expect(() => makeRfReference("")).toThrow(RangeError);
    expect(() => makeRfReference("A".repeat(22))).toThrow(RangeError);
    expect(() => makeRfReference("REL_2026")).toThrow(RangeError);
  });

  it("validates references in print or electronic form", () => {
    expect(isValidRfReference("RF18 5390 0754 7034")).toBe(true);
    expect(isValidRfReference("rf18539007547034")).toBe(true);
    expect(isValidRfReference("RF712348231")).toBe(true);
    expect(isValidRfReference("RF19539007547034")).toBe(false);
    expect(isValidRfReference("RF18539007547035")).toBe(false);
    expect(isValidRfReference("RF18")).toBe(false);
    expect(isValidRfReference("XX18539007547034")).toBe(false);
    expect(isValidRfReference(`RF00${"A".repeat(22)}`)).toBe(false);
  });

  it("prints in groups of four", () => {
    expect(formatRfReference("RF18539007547034")).toBe("RF18 5390 0754 7034");
    expect(formatRfReference("RF712348231")).toBe("RF71 2348 231");
  });

  it("makes references that validate, and catches any single changed character", () => {
    const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    const base = fc.string({ unit: fc.constantFrom(...alphabet), minLength: 1, maxLength: 21 });
    fc.assert(
      fc.property(base, fc.nat(), fc.integer({ min: 1, max: 35 }), (text, at, shift) => {
        const reference = makeRfReference(text);
        expect(isValidRfReference(reference)).toBe(true);
        const position = 2 + (at % (reference.length - 2));
        const original = reference[position] ?? "0";
        // A digit becomes another digit, a letter another letter: MOD 97-10 guarantees to catch
        // those (a letter turned digit shortens the numeric string and is caught only usually).
        const pool = /\d/.test(original) ? "0123456789" : alphabet.slice(10);
        const replaced = pool[(pool.indexOf(original) + (shift % pool.length || 1)) % pool.length] ?? "0";
        const altered = reference.slice(0, position) + replaced + reference.slice(position + 1);
        expect(isValidRfReference(altered)).toBe(false);
      }),
    );
  });
});
