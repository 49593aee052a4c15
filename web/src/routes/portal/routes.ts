import { createRoute, lazyRouteComponent } from "@tanstack/react-router";
import { rootRoute } from "../../app/root-route";

// The debtor portal: reached from a personal link, no account. Kept to its own small chunk.

export interface PortalSearch {
  /** Set by the payment provider when it sends the debtor back: the checkout's payment link id. */
  payment?: string;
  cancelled?: boolean;
}

const portalRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "p/$token",
  validateSearch: (search: Record<string, unknown>): PortalSearch => ({
    ...(typeof search.payment === "string" && /^[0-9a-f-]{36}$/.test(search.payment)
      ? { payment: search.payment }
      : {}),
    ...(search.cancelled === 1 || search.cancelled === "1" || search.cancelled === true
      ? { cancelled: true }
      : {}),
  }),
  component: lazyRouteComponent(() => import("./PortalPage"), "PortalPage"),
});

export const portalTree = portalRoute;
