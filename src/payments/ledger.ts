import type { CommissionDelta } from "./commission";

// The trust ledger's rules, pure (no I/O): accounts, the postings each movement makes, and the
// balance checks. Persistence is in ledger-store.ts. Debit is positive, credit negative; every entry
// sums to zero. R124-2: collected money sits on a separate trust account until it is paid over.

export const ACCOUNTS = [
  /** The agency's trust bank account (CPCE R124-2 2°): asset. */
  "trust_bank",
  /** What the agency owes each creditor out of the trust account: liability, one per creditor. */
  "creditor_payable",
  /** Overpayments and refunds owed back to debtors: liability. */
  "refunds_payable",
  /** The agency's fee on collected sums, VAT excluded: revenue. */
  "commission_revenue",
  /** VAT charged on the fee, owed to the tax office: liability. */
  "vat_payable",
  /** The agency's own operating account, where earned fees are swept at each remittance: asset. */
  "operating_bank",
  /**
   * Transfers to creditors ordered (a remittance prepared) that the bank has not executed yet: liability.
   * The money is still on the trust account, so trust_bank keeps matching the bank's statement, but it
   * is no longer held for the creditor: it is promised to a transfer.
   */
  "remittances_in_transit",
] as const;
export type Account = (typeof ACCOUNTS)[number];

export interface Line {
  account: Account;
  amountCents: number;
}

export type EntryKind =
  | "payment_received"
  | "commission"
  | "payment_reversed"
  | "refund_paid"
  | "remittance"
  | "remittance_paid"
  | "remittance_returned"
  | "commission_sweep";

export interface Posting {
  kind: EntryKind;
  lines: Line[];
}

export class UnbalancedEntryError extends Error {
  constructor(readonly posting: Posting) {
    super(`ledger entry ${posting.kind} does not balance: ${JSON.stringify(posting.lines)}`);
    this.name = "UnbalancedEntryError";
  }
}

/** Drops zero lines and refuses an entry whose lines do not sum to zero. */
export function checked(posting: Posting): Posting {
  const lines = posting.lines.filter((l) => l.amountCents !== 0);
  for (const l of lines) {
    if (!Number.isSafeInteger(l.amountCents)) throw new UnbalancedEntryError(posting);
  }
  if (lines.reduce((s, l) => s + l.amountCents, 0) !== 0) throw new UnbalancedEntryError(posting);
  return { kind: posting.kind, lines };
}

/** Money lands on the trust account: the allocated part is owed to the creditor, the excess to the debtor. */
export function paymentReceived(allocatedCents: number, overpaymentCents: number): Posting {
  return checked({
    kind: "payment_received",
    lines: [
      { account: "trust_bank", amountCents: allocatedCents + overpaymentCents },
      { account: "creditor_payable", amountCents: -allocatedCents },
      { account: "refunds_payable", amountCents: -overpaymentCents },
    ],
  });
}

/** The fee (and its VAT) comes out of what is owed to the creditor; negative on a reversal. */
export function commission(delta: CommissionDelta): Posting {
  return checked({
    kind: "commission",
    lines: [
      { account: "creditor_payable", amountCents: delta.commissionCents + delta.vatCents },
      { account: "commission_revenue", amountCents: -delta.commissionCents },
      { account: "vat_payable", amountCents: -delta.vatCents },
    ],
  });
}

/**
 * Money leaves the trust account back to the debtor (refund) or the card network (chargeback): the
 * allocated part is no longer owed to the creditor, the overpaid part no longer owed to the debtor.
 */
export function paymentReversed(allocatedCents: number, overpaymentCents: number): Posting {
  return checked({
    kind: "payment_reversed",
    lines: [
      { account: "creditor_payable", amountCents: allocatedCents },
      { account: "refunds_payable", amountCents: overpaymentCents },
      { account: "trust_bank", amountCents: -(allocatedCents + overpaymentCents) },
    ],
  });
}

/** A queued overpayment is paid back to the debtor. */
export function refundPaid(amountCents: number): Posting {
  return checked({
    kind: "refund_paid",
    lines: [
      { account: "refunds_payable", amountCents },
      { account: "trust_bank", amountCents: -amountCents },
    ],
  });
}

/**
 * Funds set aside for the creditor's transfer (R124-6), when the remittance is prepared: no longer held
 * for the creditor, not yet gone from the trust account (see docs/architecture.md, "Remittance life").
 */
export function remittance(amountCents: number): Posting {
  return checked({
    kind: "remittance",
    lines: [
      { account: "creditor_payable", amountCents },
      { account: "remittances_in_transit", amountCents: -amountCents },
    ],
  });
}

/** The bank executed the transfer: the money leaves the trust account. */
export function remittancePaid(amountCents: number): Posting {
  return checked({
    kind: "remittance_paid",
    lines: [
      { account: "remittances_in_transit", amountCents },
      { account: "trust_bank", amountCents: -amountCents },
    ],
  });
}

/**
 * The transfer was rejected before execution (the money never left: it comes out of transit) or returned
 * after it (the money comes back onto the trust account): either way it is held for the creditor again.
 */
export function remittanceReturned(amountCents: number, from: "in_transit" | "trust_bank"): Posting {
  return checked({
    kind: "remittance_returned",
    lines: [
      { account: from === "in_transit" ? "remittances_in_transit" : "trust_bank", amountCents },
      { account: "creditor_payable", amountCents: -amountCents },
    ],
  });
}

/** The agency takes its earned fee (and the VAT it must pay) out of the trust account. */
export function commissionSweep(amountCents: number): Posting {
  return checked({
    kind: "commission_sweep",
    lines: [
      { account: "operating_bank", amountCents },
      { account: "trust_bank", amountCents: -amountCents },
    ],
  });
}

export type Balances = Record<Account, number>;

export function emptyBalances(): Balances {
  return Object.fromEntries(ACCOUNTS.map((a) => [a, 0])) as Balances;
}

export function applyPosting(balances: Balances, posting: Posting): Balances {
  const next = { ...balances };
  for (const l of posting.lines) next[l.account] += l.amountCents;
  return next;
}

/** What the trust account holds for the creditor: the credit balance of creditor_payable. */
export function heldForCreditor(balances: Balances): number {
  return 0 - balances.creditor_payable;
}

/** Fee and VAT earned but still sitting on the trust account (to sweep at the next remittance). */
export function unsweptFees(balances: Balances): number {
  return 0 - (balances.commission_revenue + balances.vat_payable) - balances.operating_bank;
}

/** Ordered transfers to the creditor that the bank has not executed yet (credit balance of the account). */
export function inTransit(balances: Balances): number {
  return 0 - balances.remittances_in_transit;
}

/**
 * The trust account's own identity: the bank holds exactly what is owed to creditors and debtors, the
 * transfers ordered but not yet executed, and fees not yet swept. A difference means money was lost or
 * invented.
 */
export function trustDiscrepancy(balances: Balances): number {
  return (
    balances.trust_bank -
    (heldForCreditor(balances) - balances.refunds_payable + inTransit(balances) + unsweptFees(balances))
  );
}
