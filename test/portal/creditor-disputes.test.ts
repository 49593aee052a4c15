import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cases, claims, documents, timelineEvents } from "../../src/cases/schema";
import { creditNotes } from "../../src/payments/schema";
import { recordDispute } from "../../src/portal/record-dispute";
import { disputes } from "../../src/portal/schema";
import { createTestApp, type Login, type TestApp } from "../helpers/app";
import { pdfText } from "../helpers/pdf-text";
import { makeCase, store } from "../payments/fixtures";

let t: TestApp;
let creditor: Login;
beforeAll(async () => {
  t = await createTestApp();
  creditor = await t.login("ca@a.example");
});
afterAll(async () => t?.close());

async function disputed(ref: string, reason: "defective" | "other" = "defective") {
  const made = await makeCase(t, ref);
  const { disputeId } = await recordDispute(
    { db: t.database.db, documents: store() },
    made.caseId,
    { reason, comment: "Marchandise abîmée", claimIds: [] },
    [],
    { type: "debtor", id: null },
    t.clock.now(),
  );
  return { ...made, disputeId };
}
const caseRow = async (id: string) => (await t.database.db.select().from(cases).where(eq(cases.id, id)))[0]!;
const answer = (disputeId: string, body: unknown, auth: Login | { key: string } = creditor) =>
  t.request("POST", `/api/v1/disputes/${disputeId}/answer`, { auth, body });

describe("disputes awaiting the creditor", () => {
  it("lists a defective-goods dispute as awaiting the creditor, not one for another reason", async () => {
    const a = await disputed("DSP-1");
    const b = await disputed("DSP-2", "other");
    const res = await t.request("GET", "/api/v1/disputes?status=awaiting_creditor", { auth: creditor });
    const ids = res.json().items.map((i: { id: string }) => i.id);
    expect(ids).toContain(a.disputeId);
    expect(ids).not.toContain(b.disputeId);
    // The agency refers the other one; now it waits for the creditor too.
    const refer = await t.request("POST", `/api/agency/disputes/${b.disputeId}/refer`, {
      auth: await t.login("agent@test.example"),
    });
    expect(refer.statusCode, refer.body).toBe(200);
    const [row] = await t.database.db.select().from(disputes).where(eq(disputes.id, b.disputeId));
    expect(row!.status).toBe("awaiting_creditor");
  });

  it("a rejection with proof resumes collection and files the proof on the case", async () => {
    const d = await disputed("DSP-3");
    expect((await caseRow(d.caseId)).holdReason).toBe("dispute");
    const short = await answer(d.disputeId, { decision: "reject", justification: "non" });
    expect(short.statusCode).toBe(400);
    expect(short.json().error.details.issues[0].field).toBe("justification");
    const res = await answer(d.disputeId, {
      decision: "reject",
      justification: "Bon de livraison signé le 3 juin, sans réserve.",
      documents: [{ filename: "bl.txt", contentType: "text/plain", contentBase64: "QkwgMTIzNA==" }],
    });
    expect(res.statusCode, res.body).toBe(200);
    const c = await caseRow(d.caseId);
    expect(c.status).toBe("active");
    expect(c.holdReason).toBeNull();
    const docs = await t.database.db.select().from(documents).where(eq(documents.caseId, d.caseId));
    expect(docs.map((x) => x.filename)).toContain("bl.txt");
    const events = await t.database.db
      .select()
      .from(timelineEvents)
      .where(eq(timelineEvents.caseId, d.caseId));
    const answered = events.find((e) => e.type === "dispute.answered")!;
    expect(answered).toMatchObject({ visibleToCreditor: true, actorType: "user" });
    expect(answered.data).toMatchObject({
      decision: "reject",
      documentIds: [docs.find((x) => x.filename === "bl.txt")!.id],
    });
    expect((await answer(d.disputeId, { decision: "accept" })).statusCode).toBe(409);
  });

  it("an acceptance closes the case as dispute upheld", async () => {
    const d = await disputed("DSP-4");
    expect((await answer(d.disputeId, { decision: "accept" }, { key: t.creditors.a.key })).statusCode).toBe(
      200,
    );
    expect(await caseRow(d.caseId)).toMatchObject({ status: "closed", closedReason: "dispute_upheld" });
  });

  it("a partial answer credits the claim and resumes on the rest; too much credit is refused", async () => {
    const d = await disputed("DSP-5");
    const before = await caseRow(d.caseId);
    const tooMuch = await answer(d.disputeId, { decision: "partial", creditCents: 10_000_000 });
    expect(tooMuch.statusCode).toBe(400);
    expect(tooMuch.json().error.details.issues[0].field).toBe("creditCents");
    const res = await answer(d.disputeId, {
      decision: "partial",
      creditCents: 25_000,
      justification: "Avoir partiel",
    });
    expect(res.statusCode, res.body).toBe(200);
    const after = await caseRow(d.caseId);
    expect(after.balanceCents).toBe(before.balanceCents - 25_000);
    expect(after.status).toBe("active");
    const [claim] = await t.database.db.select().from(claims).where(eq(claims.caseId, d.caseId));
    expect(claim!.principalCents).toBe(100_000 - 25_000);
  });

  it("a partial credit issues a numbered credit note (avoir) kept on the case, for the agency and the creditor", async () => {
    const d = await disputed("DSP-7");
    const before = await caseRow(d.caseId);
    const res = await answer(d.disputeId, {
      decision: "partial",
      creditCents: 12_345,
      justification: "Deux palettes abîmées sur dix.",
    });
    expect(res.statusCode, res.body).toBe(200);
    const after = await caseRow(d.caseId);
    expect(after.balanceCents).toBe(before.balanceCents - 12_345);

    const [note] = await t.database.db.select().from(creditNotes).where(eq(creditNotes.caseId, d.caseId));
    expect(note).toMatchObject({
      disputeId: d.disputeId,
      claimId: d.claimIds[0],
      amountCents: 12_345,
      claimBeforeCents: 100_000,
      claimAfterCents: 100_000 - 12_345,
      balanceAfterCents: after.balanceCents,
    });
    expect(note!.number).toMatch(/^AV2026-\d{5}$/);
    const [doc] = await t.database.db.select().from(documents).where(eq(documents.id, note!.documentId));
    expect(doc).toMatchObject({
      kind: "credit_note",
      caseId: d.caseId,
      claimId: d.claimIds[0],
      contentType: "application/pdf",
      filename: `avoir-${note!.number}.pdf`,
    });

    // The creditor and the agency both list it with the case's documents and can open it.
    const agency = await t.login("agent@test.example");
    for (const [base, auth] of [
      ["/api/v1", creditor],
      ["/api/agency", agency],
    ] as const) {
      const list = await t.request("GET", `${base}/cases/${d.caseId}/documents`, { auth });
      expect(list.json().items.map((i: { id: string; kind: string }) => [i.id, i.kind])).toContainEqual([
        doc!.id,
        "credit_note",
      ]);
    }
    const file = await t.request("GET", `/api/v1/cases/${d.caseId}/documents/${doc!.id}/content`, {
      auth: creditor,
    });
    expect(file.statusCode).toBe(200);
    const text = pdfText(file.rawPayload).replace(/\s+/g, " ");
    expect(text).toContain(`Avoir n° ${note!.number}`);
    expect(text).toContain("Facture concernée : n° INV-DSP-7-1 du 01/06/2026");
    expect(text).toContain("Montant de la facture avant avoir 1 000,00 €");
    expect(text).toContain("- Montant de l'avoir 123,45 €");
    expect(text).toContain("Montant de la facture après avoir 876,55 €");
    // The case's balance keeps the 40 € indemnity (D441-5): 1 040,00 € − 123,45 €.
    expect(text).toContain("Nouveau solde du dossier 916,55 €");
    expect(text).toContain("Deux palettes abîmées sur dix.");
    expect(text).toContain("CRED-A SAS");

    const events = await t.database.db
      .select()
      .from(timelineEvents)
      .where(eq(timelineEvents.caseId, d.caseId));
    expect(events.find((e) => e.type === "dispute.answered")!.data).toMatchObject({
      creditNote: { number: note!.number, documentId: doc!.id },
    });

    // The next credit note of the creditor takes the next number.
    const e = await disputed("DSP-8");
    expect((await answer(e.disputeId, { decision: "partial", creditCents: 1_000 })).statusCode).toBe(200);
    const [next] = await t.database.db.select().from(creditNotes).where(eq(creditNotes.caseId, e.caseId));
    expect(next!.seq).toBe(note!.seq + 1);
    expect(next!.number).toBe(`AV2026-${String(note!.seq + 1).padStart(5, "0")}`);
  });

  it("keeps other creditors out and viewers from answering", async () => {
    const d = await disputed("DSP-6");
    expect(
      (await answer(d.disputeId, { decision: "accept" }, await t.login("ca@b.example"))).statusCode,
    ).toBe(404);
    expect(
      (await answer(d.disputeId, { decision: "accept" }, await t.login("cv@a.example"))).statusCode,
    ).toBe(403);
    const list = await t.request("GET", "/api/v1/disputes", { auth: await t.login("ca@b.example") });
    expect(list.json().items.map((i: { id: string }) => i.id)).not.toContain(d.disputeId);
  });
});
