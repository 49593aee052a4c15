import { eq } from "drizzle-orm";
import { z } from "zod";
import { documentStore } from "../../cases/documents";
import { AppError } from "../../platform/errors";
import type { App, AppDeps } from "../../platform/http/types";
import { format, money } from "../../platform/money";
import { handlePspEvent } from "../handle-psp-event";
import {
  fromSandboxEvent,
  sandboxEventSchema,
  sandboxWebhookSecret,
  settleSandboxCheckout,
} from "../sandbox-psp";
import { sandboxPspCheckouts } from "../schema";
import { signPayload, verifySignature } from "../webhook-signature";

export const SANDBOX_SIGNATURE_HEADER = "x-sandbox-signature";

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

function checkoutPage(row: typeof sandboxPspCheckouts.$inferSelect): string {
  const amount = escapeHtml(format(money(row.amountCents, row.currency), "fr"));
  const open = row.status === "open";
  return `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Paiement de test — Test payment</title>
<style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}
button{font-size:1.1rem;padding:.8rem 1.2rem;margin:.3rem 0;width:100%;border-radius:.4rem;border:1px solid #333;cursor:pointer}
.pay{background:#0b5394;color:#fff}.note{color:#444;font-size:.9rem}</style></head>
<body><main>
<h1>Paiement de test <span lang="en">(test payment)</span></h1>
<p class="note">Prestataire de paiement de démonstration : aucune carte n'est demandée ni débitée. <span lang="en">Demo payment provider: no card is asked for or charged.</span></p>
<p>${escapeHtml(row.description)}<br>Référence <span lang="en">/ reference</span> : <strong>${escapeHtml(row.reference)}</strong></p>
<p>Montant <span lang="en">/ amount</span> : <strong data-testid="amount">${amount}</strong></p>
${
  open
    ? `<form method="post" action="/sandbox-psp/checkout/${escapeHtml(row.id)}/pay"><button class="pay" type="submit">Payer <span lang="en">/ Pay</span> ${amount}</button></form>
<form method="post" action="/sandbox-psp/checkout/${escapeHtml(row.id)}/decline"><button type="submit">Refuser le paiement <span lang="en">/ Decline</span></button></form>`
    : `<p>Ce paiement est déjà traité (${escapeHtml(row.status)}). <span lang="en">This payment was already processed.</span></p>`
}
</main></body></html>`;
}

/**
 * The embedded provider's pages and the webhook it calls back. The callback goes through the real
 * webhook route (signature verified) by an in-process request, so no network is needed in tests.
 */
export function registerSandboxPspRoutes(app: App, deps: AppDeps): void {
  const secret = sandboxWebhookSecret(deps.config.secret);
  const paymentDeps = { db: deps.database.db, documents: documentStore(deps.config.dataDir) };
  const params = z.object({ id: z.string().regex(/^cs_test_[0-9a-f]+$/) });

  app.get("/sandbox-psp/checkout/:id", { schema: { hide: true, params } }, async (req, reply) => {
    const [row] = await deps.database.db
      .select()
      .from(sandboxPspCheckouts)
      .where(eq(sandboxPspCheckouts.id, req.params.id));
    if (!row) throw new AppError("not_found", "Checkout not found");
    return reply.type("text/html; charset=utf-8").send(checkoutPage(row));
  });

  // The checkout page's buttons are plain HTML forms: accept their (empty) url-encoded bodies here only.
  app.register(async (forms) => {
    forms.addContentTypeParser(
      "application/x-www-form-urlencoded",
      { parseAs: "string" },
      (_req, _body, done) => done(null, {}),
    );
    for (const outcome of ["pay", "decline"] as const) registerOutcome(forms as App, outcome);
  });

  function registerOutcome(app: App, outcome: "pay" | "decline"): void {
    app.post(
      `/sandbox-psp/checkout/:id/${outcome}`,
      { schema: { hide: true, params } },
      async (req, reply) => {
        const [row] = await deps.database.db
          .select()
          .from(sandboxPspCheckouts)
          .where(eq(sandboxPspCheckouts.id, req.params.id));
        if (!row) throw new AppError("not_found", "Checkout not found");
        if (row.status !== "open") return reply.redirect(`/sandbox-psp/checkout/${row.id}`, 303);
        const now = deps.clock.now();
        const settled = await settleSandboxCheckout(
          deps.database.db,
          row.id,
          outcome === "pay" ? "paid" : "declined",
          now,
        );
        if (!settled) throw new AppError("not_found", "Checkout not found");
        const body = JSON.stringify(settled.event);
        const delivered = await app.inject({
          method: "POST",
          url: "/webhooks/sandbox-psp",
          headers: {
            "content-type": "application/json",
            [SANDBOX_SIGNATURE_HEADER]: signPayload(secret, body, Math.floor(now.getTime() / 1000)),
          },
          payload: body,
        });
        if (delivered.statusCode >= 300)
          req.log.warn({ status: delivered.statusCode }, "sandbox webhook refused");
        return reply.redirect(settled.redirect, 303);
      },
    );
  }

  app.register(async (raw) => {
    // The signature covers the exact bytes received: keep the body as a string.
    raw.removeContentTypeParser("application/json");
    raw.addContentTypeParser("application/json", { parseAs: "string" }, (_req, body, done) =>
      done(null, body),
    );
    raw.post("/webhooks/sandbox-psp", { schema: { hide: true } }, async (req, reply) => {
      const payload = typeof req.body === "string" ? req.body : "";
      const header = req.headers[SANDBOX_SIGNATURE_HEADER];
      const check = verifySignature(
        secret,
        typeof header === "string" ? header : undefined,
        payload,
        deps.clock.now(),
      );
      if (!check.ok) throw new AppError("unauthenticated", `Webhook signature refused (${check.reason})`);
      const parsed = sandboxEventSchema.safeParse(JSON.parse(payload));
      if (!parsed.success) throw new AppError("bad_request", "Not a sandbox event");
      const outcome = await handlePspEvent(paymentDeps, fromSandboxEvent(parsed.data), deps.clock.now());
      return reply.send({ received: true, outcome });
    });
  });
}
