import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Executor } from "../platform/db/client";
import { queryRows } from "../platform/db/rows";
import { AppError, notFound } from "../platform/errors";

// The sandbox inbox as the back office reads it: what the sandbox providers "delivered", newest first.

export const sandboxQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
  channel: z.enum(["email", "sms", "letter", "registered_letter"]).optional(),
  caseId: z.uuid().optional(),
  outboxId: z.uuid().optional().meta({ description: "The outbox action the message was sent for" }),
});

export const sandboxMessageSchema = z.object({
  id: z.uuid(),
  channel: z.string(),
  creditorId: z.uuid(),
  caseId: z.uuid(),
  caseReference: z.string().nullable(),
  debtorName: z.string().nullable(),
  template: z.string(),
  content: z.record(z.string(), z.unknown()),
  calls: z.number().int().meta({ description: "Times the provider was asked to send it (idempotent)" }),
  receivedAt: z.string(),
});

export const sandboxListSchema = z.object({
  items: z.array(sandboxMessageSchema),
  nextCursor: z.string().nullable(),
});

type Row = {
  id: string;
  channel: string;
  creditor_id: string;
  case_id: string;
  reference: string | null;
  display_name: string | null;
  template: string;
  content: unknown;
  calls: number;
  received_at: Date | string;
};

const SELECT = sql`select m.id, m.channel, m.creditor_id, m.case_id, c.reference, d.display_name, m.template,
    m.content, m.calls, m.received_at
  from sandbox_messages m
  left join cases c on c.id = m.case_id
  left join debtors d on d.id = c.debtor_id`;

function toView(r: Row): z.infer<typeof sandboxMessageSchema> {
  return {
    id: r.id,
    channel: r.channel,
    creditorId: r.creditor_id,
    caseId: r.case_id,
    caseReference: r.reference,
    debtorName: r.display_name,
    template: r.template,
    content: (typeof r.content === "string" ? JSON.parse(r.content) : r.content) as Record<string, unknown>,
    calls: Number(r.calls),
    receivedAt: new Date(r.received_at).toISOString(),
  };
}

export async function listSandboxMessages(db: Executor, query: z.infer<typeof sandboxQuerySchema>) {
  const where = [sql`true`];
  if (query.channel) where.push(sql`m.channel = ${query.channel}`);
  if (query.caseId) where.push(sql`m.case_id = ${query.caseId}`);
  if (query.outboxId) {
    where.push(sql`m.idempotency_key = (select idempotency_key from outbox where id = ${query.outboxId})`);
  }
  if (query.cursor) {
    const [at, id] = Buffer.from(query.cursor, "base64url").toString("utf8").split("|");
    if (!id || !/^[0-9a-f-]{36}$/.test(id) || Number.isNaN(new Date(at ?? "").getTime())) {
      throw new AppError("validation_failed", "Invalid input (cursor: is not a cursor this API returned)", {
        issues: [{ field: "cursor", message: "is not a cursor this API returned" }],
      });
    }
    where.push(sql`(m.received_at, m.id) < (${at}::timestamptz, ${id}::uuid)`);
  }
  const rows = await queryRows<Row>(
    db,
    sql`${SELECT} where ${sql.join(where, sql` and `)} order by m.received_at desc, m.id desc limit ${query.limit + 1}`,
  );
  const page = rows.slice(0, query.limit).map(toView);
  const last = page.at(-1);
  return {
    items: page,
    nextCursor:
      rows.length > query.limit && last
        ? Buffer.from(`${last.receivedAt}|${last.id}`).toString("base64url")
        : null,
  };
}

export async function getSandboxMessage(db: Executor, id: string) {
  const [row] = await queryRows<Row>(db, sql`${SELECT} where m.id = ${id}`);
  if (!row) throw notFound("Message");
  return toView(row);
}
