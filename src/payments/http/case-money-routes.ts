import { z } from "zod";
import { AGENCY_SCOPE } from "../../platform/auth/scope";
import { requireAgency } from "../../platform/http/guards";
import type { App, AppDeps } from "../../platform/http/types";
import { caseMoney } from "../case-money";
import { caseMoneySchema } from "../case-money.schema";

/** The money section of the back office's case page. */
export function registerCaseMoneyRoutes(app: App, deps: AppDeps): void {
  const { db } = deps.database;

  app.get(
    "/api/agency/cases/:caseId/money",
    {
      schema: {
        tags: ["Agency"],
        summary:
          "A case's payments, receipts, plan, promise, credit notes, ledger entries and creditor notices",
        params: z.object({ caseId: z.uuid() }),
        response: { 200: caseMoneySchema },
      },
    },
    async (req) => {
      requireAgency(req);
      return caseMoney(db, AGENCY_SCOPE, req.params.caseId);
    },
  );
}
