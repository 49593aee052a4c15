import { createRoute, lazyRouteComponent } from "@tanstack/react-router";
import { rootRoute } from "../../app/root-route";
import { requireArea } from "../../features/auth/guards";

// The agency's back office. Agency roles only (admin, manager, agent).

export const backofficeRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "backoffice",
  beforeLoad: ({ context, location }) => requireArea(context.queryClient, "backoffice", location),
  component: lazyRouteComponent(() => import("./BackofficeShell"), "BackofficeShell"),
});

const workQueueRoute = createRoute({
  getParentRoute: () => backofficeRoute,
  path: "/",
  component: lazyRouteComponent(() => import("./pages/WorkQueuePage"), "WorkQueuePage"),
});

const casesRoute = createRoute({
  getParentRoute: () => backofficeRoute,
  path: "cases",
  component: lazyRouteComponent(() => import("./pages/CasesPage"), "CasesPage"),
});

export const caseRoute = createRoute({
  getParentRoute: () => backofficeRoute,
  path: "cases/$caseId",
  component: lazyRouteComponent(() => import("./pages/CasePage"), "CasePage"),
});

const liveRoute = createRoute({
  getParentRoute: () => backofficeRoute,
  path: "live",
  component: lazyRouteComponent(() => import("./pages/LivePage"), "LivePage"),
});

const calendarRoute = createRoute({
  getParentRoute: () => backofficeRoute,
  path: "calendar",
  component: lazyRouteComponent(() => import("./pages/CalendarPage"), "CalendarPage"),
});

const setupRoute = createRoute({
  getParentRoute: () => backofficeRoute,
  path: "setup",
  component: lazyRouteComponent(() => import("./pages/SetupPage"), "SetupPage"),
});

const remittancesRoute = createRoute({
  getParentRoute: () => backofficeRoute,
  path: "remittances",
  component: lazyRouteComponent(() => import("./pages/RemittancesPage"), "RemittancesPage"),
});

const sandboxRoute = createRoute({
  getParentRoute: () => backofficeRoute,
  path: "sandbox",
  component: lazyRouteComponent(() => import("./pages/SandboxInboxPage"), "SandboxInboxPage"),
});

export const backofficeTree = backofficeRoute.addChildren([
  workQueueRoute,
  casesRoute,
  caseRoute,
  liveRoute,
  calendarRoute,
  remittancesRoute,
  setupRoute,
  sandboxRoute,
]);
