// Field extraction for the two e-invoice syntaxes, by EN 16931 business term. The XML has been
// parsed with namespace prefixes removed, so paths read as in the specification.

import type { IntakeDebtor, IntakeSeller } from "./types";
import { cleanText, normaliseCountry, stripSpaces } from "./values";

export type Node = Record<string, unknown>;

export const first = (v: unknown): unknown => (Array.isArray(v) ? v[0] : v);
const list = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

export function child(node: unknown, ...path: string[]): unknown {
  let cur: unknown = node;
  for (const key of path) {
    cur = first(cur);
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Node)[key];
  }
  return first(cur);
}

export function text(node: unknown, ...path: string[]): string {
  const v = path.length ? child(node, ...path) : first(node);
  if (typeof v === "string") return cleanText(v);
  if (typeof v === "number") return String(v);
  if (v && typeof v === "object" && "#text" in v) return cleanText(String((v as Node)["#text"]));
  return "";
}

export function attr(node: unknown, name: string): string {
  const v = first(node);
  return v && typeof v === "object" ? String((v as Node)[`@${name}`] ?? "").trim() : "";
}

export interface InvoiceFields {
  syntax: "CII" | "UBL";
  profile?: string;
  typeCode: string;
  number: string;
  issueRaw: string;
  issueFormat: string;
  dueRaw: string;
  dueFormat: string;
  currencyRaw: string;
  amountDueRaw: string;
  grandTotalRaw: string;
  prepaidRaw: string;
  paymentTerms: string;
  seller: IntakeSeller;
  buyer: IntakeDebtor;
  buyerVatId: string;
}

/** Factur-X profiles by guideline URN (BT-24). */
export function facturXProfile(guideline: string): string | undefined {
  const g = guideline.toLowerCase();
  if (g.includes("factur-x.eu:1p0:minimum")) return "MINIMUM";
  if (g.includes("factur-x.eu:1p0:basicwl")) return "BASIC WL";
  if (g.includes("factur-x.eu:1p0:basic")) return "BASIC";
  if (g.includes("factur-x.eu:1p0:extended")) return "EXTENDED";
  if (g.includes("xrechnung")) return "XRECHNUNG";
  if (g.startsWith("urn:cen.eu:en16931:2017")) return "EN 16931";
  return undefined;
}

export function readCii(root: Node): InvoiceFields {
  const doc = child(root, "ExchangedDocument");
  const tx = child(root, "SupplyChainTradeTransaction");
  const agreement = child(tx, "ApplicableHeaderTradeAgreement");
  const settlement = child(tx, "ApplicableHeaderTradeSettlement");
  const sums = child(settlement, "SpecifiedTradeSettlementHeaderMonetarySummation");
  const guideline = text(
    root,
    "ExchangedDocumentContext",
    "GuidelineSpecifiedDocumentContextParameter",
    "ID",
  );
  // EXTENDED may list several payment terms; the first one with a due date is the invoice's.
  const terms = list((first(settlement) as Node | undefined)?.SpecifiedTradePaymentTerms);
  const termWithDue = terms.find((t) => text(t, "DueDateDateTime", "DateTimeString") !== "") ?? terms[0];
  const sellerNode = child(agreement, "SellerTradeParty");
  const buyerNode = child(agreement, "BuyerTradeParty");
  const seller = ciiParty(sellerNode);
  const sellerParty: IntakeSeller = {
    name: seller.name || undefined,
    siren: seller.siren,
    siret: seller.siret,
  };
  const vat = ciiVatId(sellerNode);
  if (vat) sellerParty.vatId = vat;
  const iban = stripSpaces(
    text(settlement, "SpecifiedTradeSettlementPaymentMeans", "PayeePartyCreditorFinancialAccount", "IBANID"),
  );
  if (iban) sellerParty.iban = iban;
  return {
    syntax: "CII",
    profile: facturXProfile(guideline) ?? (guideline || undefined),
    typeCode: text(doc, "TypeCode"),
    number: text(doc, "ID"),
    issueRaw: text(doc, "IssueDateTime", "DateTimeString"),
    issueFormat: attr(child(doc, "IssueDateTime", "DateTimeString"), "format"),
    dueRaw: text(termWithDue, "DueDateDateTime", "DateTimeString"),
    dueFormat: attr(child(termWithDue, "DueDateDateTime", "DateTimeString"), "format"),
    currencyRaw: text(settlement, "InvoiceCurrencyCode"),
    amountDueRaw: text(sums, "DuePayableAmount"),
    grandTotalRaw: text(sums, "GrandTotalAmount"),
    prepaidRaw: text(sums, "TotalPrepaidAmount"),
    paymentTerms: text(termWithDue, "Description"),
    seller: sellerParty,
    buyer: ciiParty(buyerNode),
    buyerVatId: ciiVatId(buyerNode),
  };
}

function ciiVatId(party: unknown): string {
  const regs = list((first(party) as Node | undefined)?.SpecifiedTaxRegistration);
  const va = regs.find((r) => attr(child(r, "ID"), "schemeID") === "VA") ?? regs[0];
  return text(va, "ID");
}

function ciiParty(party: unknown): IntakeDebtor {
  const name = text(party, "Name");
  const ids: { value: string; scheme: string }[] = [];
  const legal = child(party, "SpecifiedLegalOrganization", "ID");
  if (legal !== undefined) ids.push({ value: text(legal), scheme: attr(legal, "schemeID") });
  for (const g of list((first(party) as Node | undefined)?.GlobalID))
    ids.push({ value: text(g), scheme: attr(g, "schemeID") });
  const debtor: IntakeDebtor = { kind: "company", name, addressLines: [] };
  applyIdentifiers(debtor, ids);
  const tradingName = text(party, "SpecifiedLegalOrganization", "TradingBusinessName");
  debtor.companyName = name || tradingName;
  const addr = child(party, "PostalTradeAddress");
  for (const k of ["LineOne", "LineTwo", "LineThree"]) {
    const l = text(addr, k);
    if (l) debtor.addressLines.push(l);
  }
  setIf(debtor, "postalCode", text(addr, "PostcodeCode"));
  setIf(debtor, "city", text(addr, "CityName"));
  const country = text(addr, "CountryID");
  if (country) debtor.country = normaliseCountry(country);
  const contact = child(party, "DefinedTradeContact");
  setIf(debtor, "phone", stripSpaces(text(contact, "TelephoneUniversalCommunication", "CompleteNumber")));
  const email = text(contact, "EmailURIUniversalCommunication", "URIID");
  const uri = child(party, "URIUniversalCommunication", "URIID");
  setIf(debtor, "email", email || (attr(uri, "schemeID") === "EM" ? text(uri) : ""));
  return finishParty(debtor);
}

export function readUbl(root: Node): InvoiceFields {
  const totals = child(root, "LegalMonetaryTotal");
  const supplier = child(root, "AccountingSupplierParty", "Party");
  const customer = child(root, "AccountingCustomerParty", "Party");
  const sellerDebtor = ublParty(supplier);
  const seller: IntakeSeller = {
    name: sellerDebtor.name || undefined,
    siren: sellerDebtor.siren,
    siret: sellerDebtor.siret,
  };
  const vat = text(supplier, "PartyTaxScheme", "CompanyID");
  if (vat) seller.vatId = vat;
  const iban = stripSpaces(text(root, "PaymentMeans", "PayeeFinancialAccount", "ID"));
  if (iban) seller.iban = iban;
  const payable = child(totals, "PayableAmount");
  return {
    syntax: "UBL",
    profile: text(root, "CustomizationID") || undefined,
    typeCode: text(root, "InvoiceTypeCode") || "380",
    number: text(root, "ID"),
    issueRaw: text(root, "IssueDate"),
    issueFormat: "",
    // UBL 2.0 and some 2.1 producers put the due date on the payment means only.
    dueRaw: text(root, "DueDate") || text(root, "PaymentMeans", "PaymentDueDate"),
    dueFormat: "",
    currencyRaw: text(root, "DocumentCurrencyCode") || attr(payable, "currencyID"),
    amountDueRaw: text(payable),
    grandTotalRaw: text(totals, "TaxInclusiveAmount"),
    prepaidRaw: text(totals, "PrepaidAmount"),
    paymentTerms: text(root, "PaymentTerms", "Note"),
    seller,
    buyer: ublParty(customer),
    buyerVatId: text(customer, "PartyTaxScheme", "CompanyID"),
  };
}

function ublParty(party: unknown): IntakeDebtor {
  const name = text(party, "PartyLegalEntity", "RegistrationName") || text(party, "PartyName", "Name");
  const ids: { value: string; scheme: string }[] = [];
  const legal = child(party, "PartyLegalEntity", "CompanyID");
  if (legal !== undefined) ids.push({ value: text(legal), scheme: attr(legal, "schemeID") });
  for (const p of list((first(party) as Node | undefined)?.PartyIdentification)) {
    const id = child(p, "ID");
    ids.push({ value: text(id), scheme: attr(id, "schemeID") });
  }
  const endpoint = child(party, "EndpointID");
  if (endpoint !== undefined) ids.push({ value: text(endpoint), scheme: attr(endpoint, "schemeID") });
  const debtor: IntakeDebtor = { kind: "company", name, companyName: name, addressLines: [] };
  applyIdentifiers(debtor, ids);
  const addr = child(party, "PostalAddress");
  for (const l of [
    text(addr, "StreetName"),
    text(addr, "AdditionalStreetName"),
    text(addr, "AddressLine", "Line"),
  ]) {
    if (l) debtor.addressLines.push(l);
  }
  setIf(debtor, "postalCode", text(addr, "PostalZone"));
  setIf(debtor, "city", text(addr, "CityName"));
  const country = text(addr, "Country", "IdentificationCode");
  if (country) debtor.country = normaliseCountry(country);
  setIf(debtor, "phone", stripSpaces(text(party, "Contact", "Telephone")));
  setIf(debtor, "email", text(party, "Contact", "ElectronicMail"));
  return finishParty(debtor);
}

/**
 * ISO 6523 schemes: 0002 is the French SIRENE register (a SIREN, or a SIRET when 14 digits long),
 * 0009 is SIRET. An unmarked 9- or 14-digit legal id is read the same way.
 */
function applyIdentifiers(debtor: IntakeDebtor, ids: { value: string; scheme: string }[]): void {
  for (const { value, scheme } of ids) {
    const v = stripSpaces(value);
    if (!/^\d+$/.test(v) || (scheme !== "0002" && scheme !== "0009" && scheme !== "")) continue;
    if (v.length === 9 && scheme !== "0009") debtor.siren ??= v;
    else if (v.length === 14) {
      debtor.siret ??= v;
      debtor.siren ??= v.slice(0, 9);
    }
  }
}

// E-invoicing covers B2B sales only (B2C goes to e-reporting), so every buyer is a business.
function finishParty(d: IntakeDebtor): IntakeDebtor {
  if (!d.companyName) d.companyName = d.name;
  return d;
}

function setIf<K extends "postalCode" | "city" | "phone" | "email">(
  d: IntakeDebtor,
  key: K,
  v: string,
): void {
  if (v) d[key] = v;
}
