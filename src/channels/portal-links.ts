import { createHmac } from "node:crypto";

// The debtor's secure page link that every message carries. The portal owns the links (src/portal/links.ts
// issues one per message, stored hashed, expiring); the composition root hands that implementation in.
// `signedPortalLinks` is a stand-in with no database for previews and tests: its URLs open nothing.

export interface PortalLinks {
  urlFor(caseId: string): string | Promise<string>;
}

export function signedPortalLinks(publicUrl: string, secret: string): PortalLinks {
  return {
    urlFor(caseId) {
      const id = Buffer.from(caseId.replace(/-/g, ""), "hex").toString("base64url");
      const mac = createHmac("sha256", secret).update(`portal:${caseId}`).digest("base64url").slice(0, 16);
      return `${publicUrl}/p/${id}.${mac}`;
    },
  };
}
