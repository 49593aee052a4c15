import { createRoute, lazyRouteComponent } from "@tanstack/react-router";
import { rootRoute } from "../../app/root-route";
import { requireArea } from "../../features/auth/guards";

// The creditor portal: a creditor's own cases and money. Creditor roles only.

export const creditorRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "creditor",
  beforeLoad: ({ context, location }) => requireArea(context.queryClient, "creditor", location),
  component: lazyRouteComponent(() => import("./CreditorShell"), "CreditorShell"),
});

const dashboardRoute = createRoute({
  getParentRoute: () => creditorRoute,
  path: "/",
  component: lazyRouteComponent(() => import("./pages/DashboardPage"), "DashboardPage"),
});

const casesRoute = createRoute({
  getParentRoute: () => creditorRoute,
  path: "cases",
  component: lazyRouteComponent(() => import("./pages/CasesPage"), "CasesPage"),
});

export const caseRoute = createRoute({
  getParentRoute: () => creditorRoute,
  path: "cases/$caseId",
  component: lazyRouteComponent(() => import("./pages/CasePage"), "CasePage"),
});

const submitRoute = createRoute({
  getParentRoute: () => creditorRoute,
  path: "submit",
  component: lazyRouteComponent(() => import("./pages/SubmitPage"), "SubmitPage"),
});

const moneyRoute = createRoute({
  getParentRoute: () => creditorRoute,
  path: "money",
  component: lazyRouteComponent(() => import("./pages/MoneyPage"), "MoneyPage"),
});

const integrationRoute = createRoute({
  getParentRoute: () => creditorRoute,
  path: "integration",
  component: lazyRouteComponent(() => import("./pages/IntegrationPage"), "IntegrationPage"),
});

export const creditorTree = creditorRoute.addChildren([
  dashboardRoute,
  casesRoute,
  caseRoute,
  submitRoute,
  moneyRoute,
  integrationRoute,
]);
