/**
 * The queue's view state lives in the URL (`/admin?status=open&sort=priority&q=refund&ticket=<id>`),
 * so a link, a reload or Back shows the same queue and ticket. One hook owns the keys; other
 * filters (SLA, tags, saved views) add their key to `defaults` and read/write it the same way.
 */
import { useCallback, useMemo } from "react";
import { useSearchParams } from "react-router";

export function useQueueUrlState<K extends string>(defaults: Record<K, string>) {
  const [params, setParams] = useSearchParams();

  const values = useMemo(() => {
    const v = { ...defaults };
    for (const k of Object.keys(defaults) as K[]) {
      const got = params.get(k);
      if (got !== null) v[k] = got;
    }
    return v;
    // defaults is a constant per caller; its identity is not a dependency.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [params]);

  /** Changes some keys; a key back at its default leaves the URL. Filter changes replace history. */
  const set = useCallback(
    // Other keys of the page (e.g. the shop's `new` and deep-link context) may be set or cleared too.
    (
      patch: Partial<Record<K | "ticket", string | null>> & Record<string, string | null>,
      opts: { push?: boolean } = {},
    ) => {
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          for (const [k, v] of Object.entries(patch) as Array<[string, string | null | undefined]>) {
            const fallback = (defaults as Record<string, string | undefined>)[k];
            if (v === null || v === undefined || v === "" || v === fallback) next.delete(k);
            else next.set(k, v);
          }
          return next;
        },
        { replace: !opts.push },
      );
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [setParams],
  );

  return { values, ticketId: params.get("ticket"), params, set };
}
