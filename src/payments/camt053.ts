import { createHash } from "node:crypto";
import { XMLParser } from "fast-xml-parser";

// Pure: reads a bank-to-customer statement (ISO 20022 camt.053.001.08, and the older .001.02 still
// sent by many French banks) into the credited transactions Relance may match to cases, and the booked
// debits that carry the identifiers of a transfer Relance ordered (end-to-end id, message id), so a
// remittance can be marked paid. Pending entries and reversals are left out.

export interface StatementCredit {
  /** The bank's reference for the transaction, stable across re-deliveries of the statement. */
  entryRef: string;
  bookingDate: string;
  amountCents: number;
  currency: string;
  debtorName: string | null;
  /** Unstructured remittance lines joined, as the payer typed them. */
  remittanceInfo: string | null;
  /** Structured creditor references (RmtInf/Strd/CdtrRefInf/Ref), e.g. an RF reference. */
  structuredRefs: string[];
  endToEndId: string | null;
}

/** A booked debit of the trust account: one executed transfer, or a batch (one file) booked at once. */
export interface StatementDebit {
  bookingDate: string;
  amountCents: number;
  currency: string;
  /** The transfer's EndToEndId (Relance writes the remittance reference there). */
  endToEndId: string | null;
  /** The file's MsgId (Relance writes the run reference there), for a batch booking. */
  messageId: string | null;
}

export interface ParsedStatement {
  version: "camt.053.001.08" | "camt.053.001.02" | "camt.053";
  statementId: string;
  accountIban: string | null;
  credits: StatementCredit[];
  debits: StatementDebit[];
}

export class StatementFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StatementFormatError";
  }
}

const ARRAYS = new Set(["Stmt", "Ntry", "NtryDtls", "TxDtls", "Ustrd", "Strd"]);

type Node = Record<string, unknown>;
const obj = (v: unknown): Node => (v && typeof v === "object" && !Array.isArray(v) ? (v as Node) : {});
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);
const text = (v: unknown): string | null => {
  if (typeof v === "string" || typeof v === "number") return String(v).trim() || null;
  const t = obj(v)["#text"];
  return typeof t === "string" || typeof t === "number" ? String(t).trim() || null : null;
};

/** "1234.5" → 123450; refuses anything but a plain decimal with at most two places. */
export function decimalToCents(raw: string): number {
  const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(raw.trim());
  if (!m) throw new StatementFormatError(`not an amount: ${raw}`);
  return Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0"));
}

function amountOf(node: unknown): { cents: number; currency: string } | null {
  const value = text(node);
  if (!value) return null;
  const currency = obj(node)["@_Ccy"];
  return { cents: decimalToCents(value), currency: typeof currency === "string" ? currency : "EUR" };
}

function bookingStatus(entry: Node): string | null {
  // .08: <Sts><Cd>BOOK</Cd></Sts>; .02: <Sts>BOOK</Sts>.
  return text(obj(entry.Sts).Cd) ?? text(entry.Sts);
}

export function parseCamt053(xml: string): ParsedStatement {
  const parser = new XMLParser({
    ignoreAttributes: false,
    removeNSPrefix: true,
    parseTagValue: false,
    isArray: (name) => ARRAYS.has(name),
  });
  let doc: Node;
  try {
    doc = obj(parser.parse(xml));
  } catch (error) {
    throw new StatementFormatError(`not XML: ${(error as Error).message}`);
  }
  const root = obj(doc.Document);
  // removeNSPrefix drops xmlns attributes too: read the message version from the text.
  const ns = /urn:iso:std:iso:20022:tech:xsd:(camt\.053\.\d{3}\.\d{2})/.exec(xml)?.[1] ?? "";
  const report = obj(root.BkToCstmrStmt);
  const statements = list(report.Stmt).map(obj);
  if (statements.length === 0)
    throw new StatementFormatError("no BkToCstmrStmt/Stmt: not a camt.053 statement");
  const version = ns.endsWith("camt.053.001.08")
    ? "camt.053.001.08"
    : ns.endsWith("camt.053.001.02")
      ? "camt.053.001.02"
      : "camt.053";
  const credits: StatementCredit[] = [];
  const debits: StatementDebit[] = [];
  let statementId = "";
  let accountIban: string | null = null;
  for (const stmt of statements) {
    const id = text(stmt.Id) ?? "";
    statementId ||= id;
    accountIban ??= text(obj(obj(stmt.Acct).Id).IBAN);
    for (const [ei, rawEntry] of list(stmt.Ntry).entries()) {
      const entry = obj(rawEntry);
      if (text(entry.RvslInd) === "true") continue;
      if (bookingStatus(entry) !== "BOOK") continue;
      const bookingDate = (text(obj(entry.BookgDt).Dt) ?? text(obj(entry.BookgDt).DtTm) ?? "").slice(0, 10);
      const entryAmount = amountOf(entry.Amt);
      if (!entryAmount) continue;
      const txs = list(entry.NtryDtls).flatMap((d) => list(obj(d).TxDtls).map(obj));
      if (text(entry.CdtDbtInd) === "DBIT") {
        debits.push(...debitsOf(entry, txs, bookingDate, entryAmount));
        continue;
      }
      if (text(entry.CdtDbtInd) !== "CRDT") continue;
      const details = txs.length > 0 ? txs : [{} as Node];
      for (const [ti, tx] of details.entries()) {
        const refs = obj(tx.Refs);
        const amount =
          amountOf(tx.Amt) ??
          amountOf(obj(obj(tx.AmtDtls).TxAmt).Amt) ??
          (details.length === 1 ? entryAmount : null);
        if (!amount) continue;
        const parties = obj(tx.RltdPties);
        // .08 nests the party under Pty; .02 puts the name straight under Dbtr.
        const debtor = obj(parties.Dbtr);
        const debtorName = text(obj(debtor.Pty).Nm) ?? text(debtor.Nm);
        const rmt = obj(tx.RmtInf);
        const ustrd = list(rmt.Ustrd)
          .map(text)
          .filter((s): s is string => !!s);
        const structuredRefs = list(rmt.Strd)
          .map((s) => text(obj(obj(s).CdtrRefInf).Ref))
          .filter((s): s is string => !!s);
        const remittanceInfo = ustrd.length > 0 ? ustrd.join(" ") : (text(entry.AddtlNtryInf) ?? null);
        const bankRef =
          text(refs.AcctSvcrRef) ??
          (details.length === 1 ? (text(entry.AcctSvcrRef) ?? text(entry.NtryRef)) : null) ??
          (text(entry.AcctSvcrRef) ? `${text(entry.AcctSvcrRef)}/${ti + 1}` : null);
        // No bank reference at all: a digest of what identifies the line, so a re-import still matches.
        const entryRef =
          bankRef ??
          `H${createHash("sha256")
            .update(
              [accountIban, id, ei, ti, bookingDate, amount.cents, debtorName, remittanceInfo].join("|"),
            )
            .digest("hex")
            .slice(0, 32)}`;
        credits.push({
          entryRef,
          bookingDate,
          amountCents: amount.cents,
          currency: amount.currency,
          debtorName,
          remittanceInfo,
          structuredRefs,
          endToEndId: text(refs.EndToEndId),
        });
      }
    }
  }
  return { version, statementId, accountIban, credits, debits };
}

/** Each detailed transaction of a debit entry, or the entry itself (batch) with its file's MsgId. */
function debitsOf(
  entry: Node,
  txs: Node[],
  bookingDate: string,
  entryAmount: { cents: number; currency: string },
): StatementDebit[] {
  const batchMsgId = list(entry.NtryDtls)
    .map((d) => text(obj(obj(d).Btch).MsgId))
    .find((m) => m);
  const single = (msgId: string | null, endToEndId: string | null): StatementDebit => ({
    bookingDate,
    amountCents: entryAmount.cents,
    currency: entryAmount.currency,
    endToEndId,
    messageId: msgId,
  });
  if (txs.length === 0) return [single(batchMsgId ?? null, null)];
  const withIds = txs.map((tx) => {
    const refs = obj(tx.Refs);
    const amount = amountOf(tx.Amt) ?? amountOf(obj(obj(tx.AmtDtls).TxAmt).Amt);
    return {
      bookingDate,
      amountCents: amount?.cents ?? (txs.length === 1 ? entryAmount.cents : 0),
      currency: amount?.currency ?? entryAmount.currency,
      endToEndId: text(refs.EndToEndId),
      messageId: text(refs.MsgId) ?? batchMsgId ?? null,
    };
  });
  // A batch booked as one amount whose lines carry no amount: the file as a whole is what was executed.
  return withIds.every((d) => d.amountCents === 0) ? [single(withIds[0]?.messageId ?? null, null)] : withIds;
}
