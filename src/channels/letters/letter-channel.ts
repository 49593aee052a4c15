import { eq } from "drizzle-orm";
import { type DocumentStore, recordDocument, storeDocumentFile } from "../../cases/documents";
import type { Channel, OutboundAction, ProviderStatus, SendResult } from "../../collection/channel";
import {
  beginMessage,
  completeMessage,
  failMessage,
  findMessage,
  notSendable,
  type OutboundDeps,
  prepareMessage,
  statusFromLog,
} from "../outbound";
import { channelMessages } from "../schema";
import { renderLetter } from "../templates/render";
import { renderLetterPdf } from "./letter-pdf";
import type { PostalProvider } from "./postal-provider";

// Letters, simple or registered: the PDF is rendered, kept as a case document exactly as posted (with
// the provider's proof of dispatch when there is one), and handed to the postal provider.

export function letterChannel(
  deps: OutboundDeps,
  postal: PostalProvider,
  store: DocumentStore,
  options: { registered: boolean; concurrency?: number },
): Channel {
  const name = postal.provider;
  const actor = { type: "provider" as const, id: name };
  return {
    provider: name,
    concurrency: options.concurrency ?? 2,
    async send(action: OutboundAction): Promise<SendResult> {
      let prepared: Awaited<ReturnType<typeof prepareMessage>>;
      try {
        prepared = await prepareMessage(deps, action, "postal", "letter", (t, v) => renderLetter(t, v).text);
      } catch (error) {
        return notSendable(name, error);
      }
      const letter = renderLetter(prepared.template, prepared.vars);
      const pdf = await renderLetterPdf(letter, { registered: options.registered });
      const row = await beginMessage(deps, action, prepared, name);
      const [agencyRow] = [prepared.vars.agency];
      const result = await postal.submit(
        action,
        {
          idempotencyKey: action.idempotencyKey,
          reference: prepared.vars.caseReference,
          pdf,
          registered: options.registered,
          recipient: {
            name: prepared.vars.debtor.name,
            kind: prepared.vars.debtor.kind,
            address: prepared.contact.address!,
          },
          sender: { name: agencyRow.name, address: null },
        },
        row.providerRef,
        async (ref) => {
          await deps.db
            .update(channelMessages)
            .set({ providerRef: ref })
            .where(eq(channelMessages.id, row.id));
        },
      );
      if (!result.ok) {
        await failMessage(deps, action.idempotencyKey, result.error);
        return { status: "failed", provider: name, error: result.error, retryable: !result.permanent };
      }
      const at = deps.now();
      const kind = options.registered ? "lrar" : "lettre";
      const letterFile = await storeDocumentFile(store, action.creditorId, pdf);
      const proofFile = result.proof
        ? await storeDocumentFile(store, action.creditorId, result.proof.bytes)
        : null;
      await completeMessage(
        deps.db,
        action.idempotencyKey,
        { providerRef: result.providerRef, status: result.status, outcome: result.status },
        at,
        async (tx) => {
          await recordDocument(
            tx,
            action.creditorId,
            action.caseId,
            {
              kind: "letter",
              filename: `${kind}-${action.template}-${prepared.vars.caseReference}-${prepared.vars.today}.pdf`,
              contentType: "application/pdf",
              bytes: pdf,
            },
            letterFile,
            actor,
            at,
          );
          if (result.proof && proofFile) {
            await recordDocument(
              tx,
              action.creditorId,
              action.caseId,
              { kind: "proof_of_delivery", ...result.proof },
              proofFile,
              actor,
              at,
            );
          }
        },
      );
      return { status: "sent", provider: name, providerRef: result.providerRef, outcome: result.status };
    },
    async status(idempotencyKey: string): Promise<ProviderStatus> {
      const row = await findMessage(deps.db, idempotencyKey);
      if (row?.providerRef && row.status !== "failed") {
        const now = await postal.status(row.providerRef).catch(() => null);
        if (now === "failed") return { status: "failed", error: "postal provider rejected the letter" };
        if (now === "delivered" || now === "sent") {
          if (row.status === "sending") {
            await completeMessage(
              deps.db,
              idempotencyKey,
              { providerRef: row.providerRef, status: now, outcome: now },
              deps.now(),
            );
          }
          return { status: now, providerRef: row.providerRef, outcome: now, sentAt: row.updatedAt };
        }
      }
      return statusFromLog(deps.db, idempotencyKey, () => postal.received(idempotencyKey), deps.now());
    },
  };
}
