import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "@tanstack/react-router";
import { api, setCsrfToken } from "../../shared/api";
import { SESSION_KEY } from "./session";

export function useLogout() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return useMutation({
    mutationFn: () => api.post<void>("/api/auth/logout", undefined, { redirectOn401: false }),
    // Signed out locally even when the server already ended the session (401) or is unreachable.
    onSettled: async () => {
      setCsrfToken(null);
      queryClient.setQueryData(SESSION_KEY, null);
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== SESSION_KEY[0] });
      await navigate({ to: "/login" });
    },
  });
}
