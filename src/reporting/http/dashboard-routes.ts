import { AGENCY_SCOPE } from "../../platform/auth/scope";
import { requireAgency, requireCreditor } from "../../platform/http/guards";
import type { App, AppDeps } from "../../platform/http/types";
import { creditorDashboard, dashboardQuerySchema, dashboardSchema } from "../creditor-dashboard";

export function registerDashboardRoutes(app: App, deps: AppDeps): void {
  const { db } = deps.database;

  app.get(
    "/api/v1/dashboard",
    {
      schema: {
        tags: ["Creditor API"],
        security: [{ apiKey: [] }, { session: [] }],
        summary: "Your portfolio: collected, in progress, on hold, closed; recovery by age and amount band",
        querystring: dashboardQuerySchema.omit({ creditorId: true }),
        response: { 200: dashboardSchema },
      },
    },
    async (req) => {
      const { scope } = requireCreditor(req);
      return creditorDashboard(db, scope, req.query);
    },
  );

  app.get(
    "/api/agency/dashboard",
    {
      schema: {
        tags: ["Agency"],
        summary: "Portfolio figures for every creditor, or one",
        querystring: dashboardQuerySchema,
        response: { 200: dashboardSchema },
      },
    },
    async (req) => {
      requireAgency(req);
      return creditorDashboard(db, AGENCY_SCOPE, req.query);
    },
  );
}
