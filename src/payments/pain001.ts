import { XMLBuilder } from "fast-xml-parser";
import { money, toDecimalString } from "../platform/money";

// Pure: the SEPA credit-transfer initiation (ISO 20022 pain.001.001.09) that pays creditors from the
// trust account. One payment information block per run, one transaction per creditor; the
// EndToEndId is the remittance reference the creditor finds on its statement.

export const PAIN001_NAMESPACE = "urn:iso:std:iso:20022:tech:xsd:pain.001.001.09";

export interface Pain001Transfer {
  /** The remittance reference: EndToEndId, and quoted in the remittance information. */
  endToEndId: string;
  amountCents: number;
  creditorName: string;
  iban: string;
  bic?: string | null;
  remittanceInfo: string;
}

export interface Pain001Input {
  messageId: string;
  createdAt: Date;
  /** Requested execution date, YYYY-MM-DD. */
  executionDate: string;
  debtor: { name: string; iban: string; bic?: string | null };
  transfers: Pain001Transfer[];
}

/**
 * The EPC's SEPA character set (Latin letters, digits and / - ? : ( ) . , ' + space): banks reject or
 * mangle anything else, so accents are folded and other characters become spaces.
 */
export function sepaText(text: string, maxLength: number): string {
  const folded = text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^A-Za-z0-9/\-?:().,'+ ]/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return folded.slice(0, maxLength).trim() || "NOTPROVIDED";
}

const amount = (cents: number) => toDecimalString(money(cents, "EUR"));

/** An agent identified by BIC, or "NOTPROVIDED" as the EPC guidelines allow for IBAN-only transfers. */
const agent = (bic: string | null | undefined) =>
  bic ? { FinInstnId: { BICFI: bic } } : { FinInstnId: { Othr: { Id: "NOTPROVIDED" } } };

export class EmptyTransferFileError extends Error {
  constructor() {
    super("a credit-transfer file needs at least one transfer of a positive amount");
    this.name = "EmptyTransferFileError";
  }
}

export function buildPain001(input: Pain001Input): string {
  const transfers = input.transfers.filter((t) => t.amountCents > 0);
  if (transfers.length === 0) throw new EmptyTransferFileError();
  const total = amount(transfers.reduce((s, t) => s + t.amountCents, 0));
  const count = String(transfers.length);
  const debtorName = sepaText(input.debtor.name, 70);
  const document = {
    Document: {
      "@_xmlns": PAIN001_NAMESPACE,
      CstmrCdtTrfInitn: {
        GrpHdr: {
          MsgId: input.messageId,
          CreDtTm: input.createdAt.toISOString().replace(/\.\d{3}Z$/, "Z"),
          NbOfTxs: count,
          CtrlSum: total,
          InitgPty: { Nm: debtorName },
        },
        PmtInf: {
          PmtInfId: input.messageId,
          PmtMtd: "TRF",
          BtchBookg: "false",
          NbOfTxs: count,
          CtrlSum: total,
          PmtTpInf: { SvcLvl: { Cd: "SEPA" } },
          ReqdExctnDt: { Dt: input.executionDate },
          Dbtr: { Nm: debtorName },
          DbtrAcct: { Id: { IBAN: input.debtor.iban } },
          DbtrAgt: agent(input.debtor.bic),
          ChrgBr: "SLEV",
          CdtTrfTxInf: transfers.map((t) => ({
            PmtId: { EndToEndId: sepaText(t.endToEndId, 35) },
            Amt: { InstdAmt: { "@_Ccy": "EUR", "#text": amount(t.amountCents) } },
            ...(t.bic ? { CdtrAgt: agent(t.bic) } : {}),
            Cdtr: { Nm: sepaText(t.creditorName, 70) },
            CdtrAcct: { Id: { IBAN: t.iban } },
            RmtInf: { Ustrd: sepaText(t.remittanceInfo, 140) },
          })),
        },
      },
    },
  };
  const builder = new XMLBuilder({
    ignoreAttributes: false,
    attributeNamePrefix: "@_",
    textNodeName: "#text",
    format: true,
    indentBy: "  ",
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build(document)}`;
}
