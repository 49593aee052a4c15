import { z } from "zod";
import { columnMappingSchema } from "../parse/columns";
import { IMPORT_FORMATS } from "../schema";

/** How one file is imported; the CLI flags and the API's multipart fields both land here. */
export const importOptionsSchema = z
  .object({
    format: z
      .enum(IMPORT_FORMATS)
      .optional()
      .meta({ description: "Detected from the name and content when absent" }),
    updatePolicy: z
      .enum(["skip", "update"])
      .default("skip")
      .meta({ description: "What a claim already known (same invoice number) does: kept as is, or updated" }),
    dryRun: z.boolean().default(false).meta({ description: "Report what would happen; write no case" }),
    allOrNothing: z
      .boolean()
      .default(false)
      .meta({ description: "Refuse the whole file when one row is rejected" }),
    mapping: columnMappingSchema
      .optional()
      .meta({ description: "Column mapping; saved for the creditor's next imports" }),
    paymentTermsDays: z.number().int().min(0).max(365).optional(),
    sheet: z.string().min(1).max(100).optional(),
  })
  .strict();

export type ImportOptions = z.output<typeof importOptionsSchema>;
export type ImportOptionsInput = z.input<typeof importOptionsSchema>;
