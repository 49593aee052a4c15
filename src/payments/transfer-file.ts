import { asc, eq } from "drizzle-orm";
import { agency, creditors } from "../cases/schema";
import type { Executor } from "../platform/db/client";
import { AppError, notFound } from "../platform/errors";
import { buildPain001 } from "./pain001";
import { remittanceRuns, remittances } from "./schema";

/**
 * The run's SEPA credit-transfer file, rebuilt from what the run recorded (accounts as they were then),
 * so downloading it twice gives the same transfers.
 */
export async function loadTransferFile(
  db: Executor,
  runId: string,
): Promise<{ filename: string; xml: string }> {
  const [run] = await db.select().from(remittanceRuns).where(eq(remittanceRuns.id, runId));
  if (!run) throw notFound("Remittance run");
  const rows = await db
    .select({ r: remittances, name: creditors.legalName })
    .from(remittances)
    .innerJoin(creditors, eq(creditors.id, remittances.creditorId))
    .where(eq(remittances.runId, runId))
    .orderBy(asc(remittances.reference));
  const transfers = rows
    .filter((x) => x.r.amountCents > 0 && x.r.creditorIban)
    .map((x) => ({
      endToEndId: x.r.reference,
      amountCents: x.r.amountCents,
      creditorName: x.name,
      iban: x.r.creditorIban ?? "",
      bic: x.r.creditorBic,
      remittanceInfo: `Reversement ${x.r.reference} - releve de reversement ${x.r.reference}`,
    }));
  if (transfers.length === 0) throw new AppError("unprocessable", "This run has no transfer to make");
  const [agencyRow] = await db.select({ name: agency.name }).from(agency).limit(1);
  const xml = buildPain001({
    messageId: run.reference,
    createdAt: run.createdAt,
    executionDate: run.executionDate,
    debtor: { name: agencyRow?.name ?? "Relance", iban: run.trustIban },
    transfers,
  });
  return { filename: `${run.reference}.pain.001.001.09.xml`, xml };
}
