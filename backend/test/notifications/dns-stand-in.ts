/**
 * A stand-in for the outside resolver, for the test file's own host names only. The resolver is Node's
 * `dns.lookup` (what the address check and the connection both ask), replaced for the file's duration: a
 * planned name answers a public address, a loopback one, or an error code as a resolver would (EAI_AGAIN
 * during an outage or a SERVFAIL, ENOTFOUND for NXDOMAIN); any other name, and a planned "real", goes to the
 * real resolver (RFC 6761: `.invalid` never resolves, a real NXDOMAIN).
 */
import dns from "node:dns";

/** What the stand-in answers for a name: an address, an error code, or "real" (ask the real one). */
export type DnsAnswer = "public" | "loopback" | "real" | "EAI_AGAIN" | "ENOTFOUND";

type Callback = (err: NodeJS.ErrnoException | null, address?: unknown, family?: number) => void;

/**
 * Installs the stand-in in this file's beforeAll (removed in afterAll) and returns how to plan a name's
 * answers: given in order, the last one repeating.
 */
export function useDnsStandIn(): (host: string, answers: DnsAnswer[]) => void {
  const realLookup = dns.lookup;
  const plans = new Map<string, DnsAnswer[]>();

  function standInLookup(host: string, optionsOrCallback: unknown, maybeCallback?: unknown): void {
    const callback = (maybeCallback ?? optionsOrCallback) as Callback;
    const options = (typeof optionsOrCallback === "object" && optionsOrCallback) || {};
    const plan = plans.get(host);
    const next = plan ? (plan.length > 1 ? plan.shift()! : plan[0]!) : "real";
    if (next === "real") {
      (realLookup as (...args: unknown[]) => void)(host, optionsOrCallback, maybeCallback);
      return;
    }
    process.nextTick(() => {
      if (next === "EAI_AGAIN" || next === "ENOTFOUND") {
        const err: NodeJS.ErrnoException = new Error(`getaddrinfo ${next} ${host}`);
        err.code = next;
        err.syscall = "getaddrinfo";
        return callback(err);
      }
      const address = next === "public" ? "8.8.8.8" : "127.0.0.1";
      if ((options as dns.LookupOptions).all) callback(null, [{ address, family: 4 }]);
      else callback(null, address, 4);
    });
  }

  beforeAll(() => {
    (dns as { lookup: unknown }).lookup = standInLookup;
  });
  afterAll(() => {
    (dns as { lookup: unknown }).lookup = realLookup;
  });
  return (host, answers) => {
    plans.set(host, [...answers]);
  };
}
