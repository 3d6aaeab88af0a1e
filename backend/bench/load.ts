import autocannon from "autocannon";

export type Stats = { count: number; perSecond: number; p50: number; p95: number; p99: number };

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export function summarize(latencies: number[], seconds: number): Stats {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    count: sorted.length,
    perSecond: sorted.length / seconds,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
  };
}

export class ScenarioError extends Error {}

export type LoadOptions = {
  origin: string;
  connections: number;
  seconds: number;
  method?: "GET" | "POST";
  /** Called for every request: its path, token and (for POST) JSON body. */
  next: () => { path: string; token: string; body?: unknown };
};

/**
 * Drives the server with autocannon for `seconds` and computes the percentiles from every response's
 * own latency (autocannon's summary has no p95). Any non-2xx answer or socket error fails the scenario.
 */
export async function load(opts: LoadOptions): Promise<Stats> {
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  const first = opts.next();
  const options: autocannon.Options = {
    url: opts.origin,
    connections: opts.connections,
    duration: opts.seconds,
    // A slow query must not count as an error: the caller measures it sequentially instead.
    timeout: 600,
    requests: [
      {
        method: opts.method ?? "GET",
        path: first.path,
        setupRequest: (req) => {
          const n = opts.next();
          return {
            ...req,
            path: n.path,
            headers: {
              authorization: `Bearer ${n.token}`,
              ...(n.body === undefined ? {} : { "content-type": "application/json" }),
            },
            ...(n.body === undefined ? {} : { body: JSON.stringify(n.body) }),
          };
        },
      },
    ],
  };
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(options, (err: Error | null, res) => (err ? reject(err) : resolve(res)));
    instance.on("response", (_client, statusCode, _bytes, responseTime) => {
      latencies.push(responseTime);
      statuses.set(statusCode, (statuses.get(statusCode) ?? 0) + 1);
    });
  });
  const bad = [...statuses].filter(([code]) => code < 200 || code > 299);
  if (bad.length > 0 || result.errors > 0 || result.timeouts > 0) {
    throw new ScenarioError(
      `${opts.method ?? "GET"} ${first.path}: ${bad.map(([c, n]) => `${n}× HTTP ${c}`).join(", ") || "no bad status"}; ` +
        `${result.errors} socket errors, ${result.timeouts} timeouts`,
    );
  }
  // Requests still in flight when the time ran out are not counted; the window is the run's duration.
  return summarize(latencies, result.duration || opts.seconds);
}

/** Sequential requests for about `seconds` (at least `min`): for requests too slow to load concurrently. */
export async function sequential(opts: {
  origin: string;
  seconds: number;
  min: number;
  next: () => { path: string; token: string };
}): Promise<Stats> {
  const latencies: number[] = [];
  const start = performance.now();
  while (latencies.length < opts.min || performance.now() - start < opts.seconds * 1000) {
    const n = opts.next();
    const t0 = performance.now();
    const res = await fetch(opts.origin + n.path, { headers: { authorization: `Bearer ${n.token}` } });
    await res.arrayBuffer();
    if (!res.ok) throw new ScenarioError(`GET ${n.path}: HTTP ${res.status}`);
    latencies.push(performance.now() - t0);
  }
  return summarize(latencies, (performance.now() - start) / 1000);
}
