import { MantineProvider } from "@mantine/core";
import { QueryClientProvider } from "@tanstack/react-query";
import { RouterProvider } from "@tanstack/react-router";
import { SESSION_KEY } from "../features/auth/session";
import { setCsrfToken, setUnauthorizedHandler } from "../shared/api";
import { createQueryClient } from "./query-client";
import { createAppRouter } from "./router";
import { cssVariablesResolver, theme } from "./theme";

const queryClient = createQueryClient();
const router = createAppRouter(queryClient);

// A call answered 401: the session ended (expiry, logout elsewhere). Forget what was cached for it
// and go to the login page, which says why and brings the user back here afterwards.
setUnauthorizedHandler(() => {
  const { pathname, href } = router.state.location;
  if (pathname === "/login" || pathname.startsWith("/p/")) return;
  setCsrfToken(null);
  queryClient.setQueryData(SESSION_KEY, null);
  queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== SESSION_KEY[0] });
  void router.navigate({ to: "/login", search: { redirect: href, expired: true }, replace: true });
});

export function App() {
  return (
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} forceColorScheme="light">
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </MantineProvider>
  );
}
