import { isValidRfReference } from "../platform/identifiers";

// Pure: how a credited bank line is tied to a case. First the ISO 11649 RF reference the debtor was
// given (structured field or typed in the free text); failing that, the exact amount still owed
// together with a payer name close to the debtor's. Anything less certain is left to an agent.

/** Valid RF references found in the texts, in electronic form ("RF18539007547034"), without repeats. */
export function findRfReferences(texts: (string | null | undefined)[]): string[] {
  const found = new Set<string>();
  for (const t of texts) {
    if (!t) continue;
    // Printed references come in groups of four ("RF18 5390 0754 7034"); try the longest run first.
    const upper = t.toUpperCase();
    for (const m of upper.matchAll(/RF\d{2}(?:[ ]?[A-Z0-9]){1,21}/g)) {
      const compact = m[0].replace(/ /g, "");
      for (let end = compact.length; end > 4; end--) {
        const candidate = compact.slice(0, end);
        if (isValidRfReference(candidate)) {
          found.add(candidate);
          break;
        }
      }
    }
  }
  return [...found];
}

/** The base an RF reference was built from (what makeRfReference received, without dashes). */
export function rfBody(rf: string): string {
  return rf.slice(4);
}

const LEGAL_FORMS = new Set([
  "SAS",
  "SASU",
  "SARL",
  "EURL",
  "SA",
  "SCI",
  "SNC",
  "EI",
  "M",
  "MME",
  "MR",
  "MLLE",
]);

function tokens(name: string): string[] {
  return name
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toUpperCase()
    .split(/[^A-Z0-9]+/)
    .filter((w) => w.length > 1 && !LEGAL_FORMS.has(w));
}

/**
 * Similarity of two names from 0 to 1, insensitive to accents, case, word order and legal forms
 * ("M. Jean DUPONT" ~ "DUPONT JEAN"): the share of the shorter name's words found in the other.
 */
export function nameSimilarity(a: string, b: string): number {
  const ta = tokens(a);
  const tb = new Set(tokens(b));
  if (ta.length === 0 || tb.size === 0) return 0;
  const common = ta.filter((w) => tb.has(w)).length;
  return common / Math.min(ta.length, tb.size);
}

/** Names this close or closer count as the same payer when the amount also matches exactly. */
export const NAME_MATCH_THRESHOLD = 0.75;
