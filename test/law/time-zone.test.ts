import { describe, expect, it } from "vitest";
import { timeZoneForAddress } from "../../src/law/time-zone";

describe("timeZoneForAddress", () => {
  it("puts a Paris address in Europe/Paris with the metropolitan calendar", () => {
    expect(timeZoneForAddress({ country: "FR", postalCode: "75011" })).toEqual({
      timeZone: "Europe/Paris",
      region: "metropole",
      derived: true,
    });
  });

  it("gives Strasbourg, Mulhouse and Metz the Alsace-Moselle calendar", () => {
    for (const postalCode of ["67000", "68100", "57000"]) {
      expect(timeZoneForAddress({ country: "FR", postalCode }).region).toBe("alsace-moselle");
    }
    expect(timeZoneForAddress({ country: "FR", postalCode: "54000" }).region).toBe("metropole");
  });

  it("keeps Corsica in metropolitan France", () => {
    expect(timeZoneForAddress({ country: "FR", postalCode: "20000" }).timeZone).toBe("Europe/Paris");
    expect(timeZoneForAddress({ country: "fr", postalCode: "2A004" }).region).toBe("metropole");
  });

  it.each([
    ["97110", "America/Guadeloupe", "971"],
    ["97200", "America/Martinique", "972"],
    ["97300", "America/Cayenne", "973"],
    ["97400", "Indian/Reunion", "974"],
    ["97500", "America/Miquelon", "975"],
    ["97600", "Indian/Mayotte", "976"],
    ["97700", "America/St_Barthelemy", "977"],
    ["97800", "America/Marigot", "978"],
    ["98600", "Pacific/Wallis", "986"],
    ["98714", "Pacific/Tahiti", "987"],
    ["98800", "Pacific/Noumea", "988"],
  ])("resolves the overseas postal code %s to %s", (postalCode, timeZone, region) => {
    expect(timeZoneForAddress({ country: "FR", postalCode })).toEqual({ timeZone, region, derived: true });
  });

  it("tells Saint-Barthélemy and Saint-Martin apart from Guadeloupe by their 971 postal codes", () => {
    expect(timeZoneForAddress({ country: "FR", postalCode: "97133" }).region).toBe("977");
    expect(timeZoneForAddress({ country: "FR", postalCode: "97150" }).region).toBe("978");
    expect(timeZoneForAddress({ country: "FR", postalCode: "97 150" }).region).toBe("978");
  });

  it.each([
    ["GP", "America/Guadeloupe", "971"],
    ["MQ", "America/Martinique", "972"],
    ["GF", "America/Cayenne", "973"],
    ["RE", "Indian/Reunion", "974"],
    ["PM", "America/Miquelon", "975"],
    ["YT", "Indian/Mayotte", "976"],
    ["BL", "America/St_Barthelemy", "977"],
    ["MF", "America/Marigot", "978"],
    ["WF", "Pacific/Wallis", "986"],
    ["PF", "Pacific/Tahiti", "987"],
    ["NC", "Pacific/Noumea", "988"],
  ])("resolves the country code %s to %s", (country, timeZone, region) => {
    expect(timeZoneForAddress({ country })).toEqual({ timeZone, region, derived: true });
  });

  it("treats Monaco as abroad in its own zone, by country or by its 980 postal codes", () => {
    expect(timeZoneForAddress({ country: "MC", postalCode: "98000" })).toEqual({
      timeZone: "Europe/Monaco",
      region: "abroad",
      derived: true,
    });
    expect(timeZoneForAddress({ country: "FR", postalCode: "98000" }).timeZone).toBe("Europe/Monaco");
  });

  it.each([
    ["BE", "Europe/Brussels"],
    ["DE", "Europe/Berlin"],
    ["GB", "Europe/London"],
    ["CH", "Europe/Zurich"],
    ["NO", "Europe/Oslo"],
    ["CA", "America/Toronto"],
    ["MA", "Africa/Casablanca"],
    ["DZ", "Africa/Algiers"],
    ["TN", "Africa/Tunis"],
    ["SN", "Africa/Dakar"],
    ["CI", "Africa/Abidjan"],
  ])("uses the main zone of %s", (country, timeZone) => {
    expect(timeZoneForAddress({ country })).toEqual({ timeZone, region: "abroad", derived: true });
  });

  it("puts the Canary Islands one hour behind Madrid", () => {
    expect(timeZoneForAddress({ country: "ES", postalCode: "35001" }).timeZone).toBe("Atlantic/Canary");
    expect(timeZoneForAddress({ country: "ES", postalCode: "28001" }).timeZone).toBe("Europe/Madrid");
  });

  it("defaults a US address to New York and follows a state or ZIP hint", () => {
    expect(timeZoneForAddress({ country: "US" }).timeZone).toBe("America/New_York");
    expect(timeZoneForAddress({ country: "US", region: "ca" }).timeZone).toBe("America/Los_Angeles");
    expect(timeZoneForAddress({ country: "US", region: "AZ" }).timeZone).toBe("America/Phoenix");
    expect(timeZoneForAddress({ country: "US", postalCode: "94105" }).timeZone).toBe("America/Los_Angeles");
    expect(timeZoneForAddress({ country: "US", postalCode: "60601-1234" }).timeZone).toBe("America/Chicago");
    expect(timeZoneForAddress({ country: "US", postalCode: "99501" }).timeZone).toBe("America/Anchorage");
  });

  it("falls back to Europe/Paris and says so when the country is unknown", () => {
    expect(timeZoneForAddress({ country: "ZZ" })).toEqual({
      timeZone: "Europe/Paris",
      region: "abroad",
      derived: false,
    });
    expect(timeZoneForAddress({ country: "FR", postalCode: "ABC" }).derived).toBe(false);
  });
});
