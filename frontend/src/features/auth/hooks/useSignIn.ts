import { useMutation, useQuery } from "@tanstack/react-query";
import type { LoginBody } from "@parley/contract";
import { listDemoAccounts } from "../api/auth";
import { useSession } from "./useSession";

/** Signing in is a write like any other: a mutation, with its pending and error states. */
export function useSignIn() {
  const { login } = useSession();
  return useMutation({ mutationFn: ({ email, password }: LoginBody) => login(email, password) });
}

/** One-click demo accounts (the server offers them in development only). */
export function useDemoAccounts() {
  return useQuery({
    queryKey: ["demo-accounts"],
    queryFn: listDemoAccounts,
    staleTime: Infinity,
    retry: false,
  });
}
