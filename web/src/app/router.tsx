import type { QueryClient } from "@tanstack/react-query";
import { createRoute, createRouter, lazyRouteComponent, redirect } from "@tanstack/react-router";
import { loadSession } from "../features/auth/guards";
import { homeOf } from "../features/auth/roles";
import { backofficeTree } from "../routes/backoffice/routes";
import { creditorTree } from "../routes/creditor/routes";
import { portalTree } from "../routes/portal/routes";
import { PageLoader } from "../shared/ui/RouteStates";
import { rootRoute } from "./root-route";

// Route definitions are light and always loaded; every page component is a lazy chunk, so the
// debtor portal never downloads the back office and the other way round.

const indexRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/",
  beforeLoad: async ({ context }) => {
    const session = await loadSession(context.queryClient);
    throw redirect({ to: session ? homeOf(session.user.role) : "/login" });
  },
});

export interface LoginSearch {
  redirect?: string;
  /** Set when a session ended under the user's feet, so the page can say so. */
  expired?: boolean;
}

export const loginRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "login",
  validateSearch: (search: Record<string, unknown>): LoginSearch => ({
    ...(typeof search.redirect === "string" ? { redirect: search.redirect } : {}),
    ...(search.expired === true || search.expired === "true" ? { expired: true } : {}),
  }),
  beforeLoad: async ({ context }) => {
    const session = await loadSession(context.queryClient);
    if (session) throw redirect({ to: homeOf(session.user.role) });
  },
  component: lazyRouteComponent(() => import("../features/auth/LoginPage"), "LoginPage"),
});

const routeTree = rootRoute.addChildren([indexRoute, loginRoute, backofficeTree, creditorTree, portalTree]);

export function createAppRouter(queryClient: QueryClient) {
  return createRouter({
    routeTree,
    context: { queryClient },
    defaultPreload: "intent",
    // Data lives in TanStack Query; the router must not cache loader results on top of it.
    defaultPreloadStaleTime: 0,
    defaultPendingComponent: PageLoader,
    scrollRestoration: true,
  });
}

declare module "@tanstack/react-router" {
  interface Register {
    router: ReturnType<typeof createAppRouter>;
  }
}
