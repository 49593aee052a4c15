import { createRoute, lazyRouteComponent } from "@tanstack/react-router";
import { rootRoute } from "../../app/root-route";

// The debtor portal: reached from a personal link, no account. Kept to its own small chunk.

const portalRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "p/$token",
  component: lazyRouteComponent(() => import("./PortalWelcomePage"), "PortalWelcomePage"),
});

export const portalTree = portalRoute;
