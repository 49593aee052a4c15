import type { LawRegion, OverseasCode } from "./region";

// Contact windows are judged in the debtor's local time (FR-28, US-02), so every debtor address
// resolves to an IANA zone and to the holiday calendar of the place.

export interface AddressHint {
  /** ISO 3166-1 alpha-2, case-insensitive. */
  country: string;
  postalCode?: string;
  /** A US state (two-letter USPS code), or any sub-national hint the caller has. */
  region?: string;
}

export interface ResolvedTimeZone {
  timeZone: string;
  region: LawRegion;
  /** False when nothing in the address was recognised and the agency's zone stands in. */
  derived: boolean;
}

const OVERSEAS: Record<OverseasCode, { country: string; timeZone: string }> = {
  "971": { country: "GP", timeZone: "America/Guadeloupe" },
  "972": { country: "MQ", timeZone: "America/Martinique" },
  "973": { country: "GF", timeZone: "America/Cayenne" },
  "974": { country: "RE", timeZone: "Indian/Reunion" },
  "975": { country: "PM", timeZone: "America/Miquelon" },
  "976": { country: "YT", timeZone: "Indian/Mayotte" },
  "977": { country: "BL", timeZone: "America/St_Barthelemy" },
  "978": { country: "MF", timeZone: "America/Marigot" },
  "986": { country: "WF", timeZone: "Pacific/Wallis" },
  "987": { country: "PF", timeZone: "Pacific/Tahiti" },
  "988": { country: "NC", timeZone: "Pacific/Noumea" },
};

// Saint-Barthélemy and Saint-Martin left Guadeloupe in 2007 but kept its postal codes (97133 and
// 97150); their holidays differ from Guadeloupe's, so the exact code decides.
const POSTAL_EXCEPTIONS: Record<string, OverseasCode> = { "97133": "977", "97150": "978" };

/** Main zone per country; for countries spanning several zones, the most populated one. */
// biome-ignore format: a table reads better in columns
const COUNTRY_ZONES: Record<string, string> = {
  AT: "Europe/Vienna", BE: "Europe/Brussels", BG: "Europe/Sofia", HR: "Europe/Zagreb",
  CY: "Asia/Nicosia", CZ: "Europe/Prague", DK: "Europe/Copenhagen", EE: "Europe/Tallinn",
  FI: "Europe/Helsinki", DE: "Europe/Berlin", GR: "Europe/Athens", HU: "Europe/Budapest",
  IE: "Europe/Dublin", IT: "Europe/Rome", LV: "Europe/Riga", LT: "Europe/Vilnius",
  LU: "Europe/Luxembourg", MT: "Europe/Malta", NL: "Europe/Amsterdam", PL: "Europe/Warsaw",
  PT: "Europe/Lisbon", RO: "Europe/Bucharest", SK: "Europe/Bratislava", SI: "Europe/Ljubljana",
  ES: "Europe/Madrid", SE: "Europe/Stockholm", IS: "Atlantic/Reykjavik", LI: "Europe/Vaduz",
  NO: "Europe/Oslo", GB: "Europe/London", CH: "Europe/Zurich", MC: "Europe/Monaco",
  AD: "Europe/Andorra", US: "America/New_York", CA: "America/Toronto", MA: "Africa/Casablanca",
  DZ: "Africa/Algiers", TN: "Africa/Tunis", SN: "Africa/Dakar", CI: "Africa/Abidjan",
};

const FALLBACK_ZONE = "Europe/Paris";

export function timeZoneForAddress(address: AddressHint): ResolvedTimeZone {
  const country = address.country.trim().toUpperCase();
  const postal = (address.postalCode ?? "").replace(/\s+/g, "");
  if (country === "FR" || country === "FX") return forFrance(postal);
  const overseas = overseasByCountry(country);
  if (overseas) return forOverseas(overseasFromPostal(postal) ?? overseas);
  if (country === "US") return forUnitedStates(address.region, postal);
  if (country === "ES" && /^(35|38)\d{3}$/.test(postal)) {
    // Las Palmas and Santa Cruz de Tenerife provinces: the Canary Islands run one hour behind Madrid.
    return { timeZone: "Atlantic/Canary", region: "abroad", derived: true };
  }
  const zone = COUNTRY_ZONES[country];
  if (zone) return { timeZone: zone, region: "abroad", derived: true };
  return { timeZone: FALLBACK_ZONE, region: "abroad", derived: false };
}

function forFrance(postal: string): ResolvedTimeZone {
  const overseas = overseasFromPostal(postal);
  if (overseas) return forOverseas(overseas);
  // 980xx is Monaco's postal range, served by La Poste.
  if (postal.startsWith("980")) return { timeZone: "Europe/Monaco", region: "abroad", derived: true };
  // Moselle (57), Bas-Rhin (67) and Haut-Rhin (68) keep the local law holidays.
  if (/^(57|67|68)\d{3}$/.test(postal))
    return { timeZone: "Europe/Paris", region: "alsace-moselle", derived: true };
  if (/^\d{5}$/.test(postal) || /^2[AB]\d{3}$/i.test(postal) || postal === "") {
    return { timeZone: "Europe/Paris", region: "metropole", derived: true };
  }
  return { timeZone: "Europe/Paris", region: "metropole", derived: false };
}

function overseasFromPostal(postal: string): OverseasCode | null {
  if (!/^\d{5}$/.test(postal)) return null;
  const exception = POSTAL_EXCEPTIONS[postal];
  if (exception) return exception;
  const prefix = postal.slice(0, 3);
  return prefix in OVERSEAS ? (prefix as OverseasCode) : null;
}

function overseasByCountry(country: string): OverseasCode | null {
  for (const [code, place] of Object.entries(OVERSEAS)) {
    if (place.country === country) return code as OverseasCode;
  }
  return null;
}

function forOverseas(code: OverseasCode): ResolvedTimeZone {
  return { timeZone: OVERSEAS[code].timeZone, region: code, derived: true };
}

// biome-ignore format: a table reads better in columns
const US_STATE_ZONES: Record<string, string> = {
  AL: "America/Chicago", AK: "America/Anchorage", AZ: "America/Phoenix", AR: "America/Chicago",
  CA: "America/Los_Angeles", CO: "America/Denver", CT: "America/New_York", DE: "America/New_York",
  DC: "America/New_York", FL: "America/New_York", GA: "America/New_York", HI: "Pacific/Honolulu",
  ID: "America/Boise", IL: "America/Chicago", IN: "America/Indiana/Indianapolis", IA: "America/Chicago",
  KS: "America/Chicago", KY: "America/New_York", LA: "America/Chicago", ME: "America/New_York",
  MD: "America/New_York", MA: "America/New_York", MI: "America/Detroit", MN: "America/Chicago",
  MS: "America/Chicago", MO: "America/Chicago", MT: "America/Denver", NE: "America/Chicago",
  NV: "America/Los_Angeles", NH: "America/New_York", NJ: "America/New_York", NM: "America/Denver",
  NY: "America/New_York", NC: "America/New_York", ND: "America/Chicago", OH: "America/New_York",
  OK: "America/Chicago", OR: "America/Los_Angeles", PA: "America/New_York", RI: "America/New_York",
  SC: "America/New_York", SD: "America/Chicago", TN: "America/Chicago", TX: "America/Chicago",
  UT: "America/Denver", VT: "America/New_York", VA: "America/New_York", WA: "America/Los_Angeles",
  WV: "America/New_York", WI: "America/Chicago", WY: "America/Denver", PR: "America/Puerto_Rico",
  VI: "America/St_Thomas", GU: "Pacific/Guam", AS: "Pacific/Pago_Pago", MP: "Pacific/Saipan",
};

/** First three ZIP digits (inclusive ranges) to state, for when only a ZIP code is known. */
// biome-ignore format: a table reads better in columns
const ZIP3_STATES: readonly (readonly [number, number, string])[] = [
  [6, 9, "PR"], [10, 27, "MA"], [28, 29, "RI"], [30, 38, "NH"], [39, 49, "ME"], [50, 59, "VT"],
  [60, 69, "CT"], [70, 89, "NJ"], [100, 149, "NY"], [150, 196, "PA"], [197, 199, "DE"],
  [200, 205, "DC"], [206, 219, "MD"], [220, 246, "VA"], [247, 268, "WV"], [270, 289, "NC"],
  [290, 299, "SC"], [300, 319, "GA"], [320, 349, "FL"], [350, 369, "AL"], [370, 385, "TN"],
  [386, 397, "MS"], [398, 399, "GA"], [400, 427, "KY"], [430, 459, "OH"], [460, 479, "IN"],
  [480, 499, "MI"], [500, 528, "IA"], [530, 549, "WI"], [550, 567, "MN"], [570, 577, "SD"],
  [580, 588, "ND"], [590, 599, "MT"], [600, 629, "IL"], [630, 658, "MO"], [660, 679, "KS"],
  [680, 693, "NE"], [700, 715, "LA"], [716, 729, "AR"], [730, 749, "OK"], [750, 799, "TX"],
  [800, 816, "CO"], [820, 831, "WY"], [832, 838, "ID"], [840, 847, "UT"], [850, 865, "AZ"],
  [870, 884, "NM"], [889, 898, "NV"], [900, 961, "CA"], [967, 968, "HI"], [969, 969, "GU"],
  [970, 979, "OR"], [980, 994, "WA"], [995, 999, "AK"],
];

function forUnitedStates(state: string | undefined, zip: string): ResolvedTimeZone {
  const byState = state ? US_STATE_ZONES[state.trim().toUpperCase()] : undefined;
  if (byState) return { timeZone: byState, region: "abroad", derived: true };
  const zip3 = /^\d{5}(-?\d{4})?$/.test(zip) ? Number(zip.slice(0, 3)) : Number.NaN;
  const range = ZIP3_STATES.find(([from, to]) => zip3 >= from && zip3 <= to);
  const byZip = range ? US_STATE_ZONES[range[2]] : undefined;
  // Without a hint, the Eastern zone is the most populated; callers that must respect US-02 for an
  // unknown location should ask for a state or pass every candidate zone to mayContact.
  return { timeZone: byZip ?? "America/New_York", region: "abroad", derived: true };
}
