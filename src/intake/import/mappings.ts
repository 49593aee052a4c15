// A creditor's column mapping, saved per format when an import brings one and reused when the next
// import names none.

import { and, eq, sql } from "drizzle-orm";
import type { Executor } from "../../platform/db/client";
import { type ColumnMapping, type ColumnMappingInput, columnMappingSchema } from "../parse/columns";
import { type ImportFormat, intakeMappings } from "../schema";

export async function savedMapping(
  db: Executor,
  creditorId: string,
  format: ImportFormat,
): Promise<ColumnMapping | undefined> {
  const [row] = await db
    .select({ mapping: intakeMappings.mapping })
    .from(intakeMappings)
    .where(and(eq(intakeMappings.creditorId, creditorId), eq(intakeMappings.format, format)));
  return row ? columnMappingSchema.parse(row.mapping) : undefined;
}

export async function saveMapping(
  db: Executor,
  creditorId: string,
  format: ImportFormat,
  mapping: ColumnMappingInput,
  now: Date,
): Promise<void> {
  const value = columnMappingSchema.parse(mapping) as Record<string, unknown>;
  await db
    .insert(intakeMappings)
    .values({ creditorId, format, mapping: value, updatedAt: now })
    .onConflictDoUpdate({
      target: [intakeMappings.creditorId, intakeMappings.format],
      set: { mapping: sql`excluded.mapping`, updatedAt: sql`excluded.updated_at` },
    });
}
