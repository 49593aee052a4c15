// Delivery status notifications (RFC 3464): the report a mail server sends back when it could not
// deliver. Relance sets the envelope id (ENVID, RFC 3461) to the message's id, and its Message-ID
// names it too, so a bounce finds its message whether the server returns the envelope id, the original
// headers, or both.

export interface DsnRecipient {
  recipient: string;
  action: string;
  /** Enhanced status code, e.g. 5.1.1 (permanent) or 4.2.2 (transient). */
  status: string;
  diagnostic: string | null;
}

export interface DsnReport {
  envelopeId: string | null;
  messageIds: string[];
  recipients: DsnRecipient[];
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

function fields(paragraph: string): Map<string, string> {
  const out = new Map<string, string>();
  // Header folding: a line starting with white space continues the previous one.
  const unfolded = paragraph.replace(/\r?\n[ \t]+/g, " ");
  for (const line of unfolded.split(/\r?\n/)) {
    const m = /^([A-Za-z-]+):\s*(.*)$/.exec(line);
    if (m) out.set(m[1]!.toLowerCase(), m[2]!.trim());
  }
  return out;
}

export function parseDsn(raw: string): DsnReport {
  const paragraphs = raw.split(/\r?\n\r?\n/);
  let envelopeId: string | null = null;
  const recipients: DsnRecipient[] = [];
  for (const p of paragraphs) {
    const f = fields(p);
    envelopeId ??= f.get("original-envelope-id") ?? null;
    const final = f.get("final-recipient") ?? f.get("original-recipient");
    const status = f.get("status");
    if (final && status) {
      recipients.push({
        recipient: final
          .replace(/^rfc822\s*;\s*/i, "")
          .replace(/[<>]/g, "")
          .trim()
          .toLowerCase(),
        action: (f.get("action") ?? "").toLowerCase(),
        status: status.split(/\s/)[0]!,
        diagnostic: f.get("diagnostic-code") ?? null,
      });
    }
  }
  const messageIds = [...raw.matchAll(/^Message-ID:\s*<([^>]+)>/gim)]
    .map((m) => UUID.exec(m[1]!)?.[0]?.toLowerCase())
    .filter((id): id is string => !!id);
  const envelope = envelopeId ? (UUID.exec(envelopeId)?.[0]?.toLowerCase() ?? null) : null;
  return { envelopeId: envelope, messageIds, recipients };
}

/** A permanent failure (5.x.x with action "failed") makes the address unusable; 4.x.x is transient. */
export function isHardBounce(r: DsnRecipient): boolean {
  return r.action === "failed" && r.status.startsWith("5.");
}
