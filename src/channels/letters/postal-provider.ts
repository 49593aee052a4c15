import type { PostalAddress } from "../../cases/schema";
import type { OutboundAction } from "../../collection/channel";

// A postal provider prints, envelopes and posts a PDF, simple or registered with proof of receipt.

export interface PostalSubmission {
  idempotencyKey: string;
  reference: string;
  pdf: Buffer;
  registered: boolean;
  recipient: { name: string; kind: "person" | "company"; address: PostalAddress };
  sender: { name: string; address: PostalAddress | null };
}

export interface ProofDocument {
  filename: string;
  contentType: "application/pdf";
  bytes: Buffer;
}

export type PostalResult =
  | { ok: true; providerRef: string; status: "sent" | "delivered"; proof: ProofDocument | null }
  | { ok: false; permanent: boolean; error: string };

export interface PostalProvider {
  readonly provider: string;
  /**
   * Submits a letter. `existingRef` is the provider's reference of an earlier attempt that died half-way;
   * `onCreated` lets the caller record a reference as soon as the provider has one.
   */
  submit(
    action: OutboundAction,
    letter: PostalSubmission,
    existingRef: string | null,
    onCreated: (providerRef: string) => Promise<void>,
  ): Promise<PostalResult>;
  status(providerRef: string): Promise<"sent" | "delivered" | "failed" | null>;
  received(idempotencyKey: string): Promise<string | null>;
}

/** AFNOR NF Z10-011 lines: company on line 1, person on line 2, street on 4, postcode and city on 6. */
export function afnorLines(recipient: PostalSubmission["recipient"]): Record<string, string> {
  const a = recipient.address;
  const lines: Record<string, string> = {
    [recipient.kind === "company" ? "address_line_1" : "address_line_2"]: recipient.name.slice(0, 38),
    address_line_4: a.line1.slice(0, 38),
    address_line_6: `${a.postalCode} ${a.city}`.slice(0, 38),
  };
  if (a.line2) lines.address_line_3 = a.line2.slice(0, 38);
  return lines;
}
