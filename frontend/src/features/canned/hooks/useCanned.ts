import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { CannedResponseBody } from "@parley/contract";
import { createCanned, deleteCanned, listCanned, updateCanned } from "../api/canned";

const cannedKey = ["canned-responses"] as const;

/** The admin team's saved replies (admins only: pass enabled=false for a shop). */
export function useCannedResponses(enabled = true) {
  return useQuery({
    queryKey: cannedKey,
    queryFn: ({ signal }) => listCanned(signal),
    enabled,
    staleTime: 60_000,
  });
}

export function useCannedMutations() {
  const qc = useQueryClient();
  const onSuccess = () => qc.invalidateQueries({ queryKey: cannedKey });
  return {
    create: useMutation({ mutationFn: (b: CannedResponseBody) => createCanned(b), onSuccess }),
    update: useMutation({
      mutationFn: ({ id, ...b }: Partial<CannedResponseBody> & { id: string }) => updateCanned(id, b),
      onSuccess,
    }),
    remove: useMutation({ mutationFn: (id: string) => deleteCanned(id), onSuccess }),
  };
}
