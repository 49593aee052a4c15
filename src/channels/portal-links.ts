import { createHmac } from "node:crypto";

// The debtor's secure page link that every message carries. The portal owns what the page does; the
// channels only need a stable, unguessable URL per case. The default signs the case id with the
// platform secret; the composition root may hand in another implementation.

export interface PortalLinks {
  urlFor(caseId: string): string;
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
