/** Reading what GET /metrics answers, for the tests of its metrics. */

export type Sample = { name: string; labels: Record<string, string>; value: number };

/** A strict reader of the text exposition format: every line is a comment or `name{labels} value`. */
export function parseExposition(text: string): Sample[] {
  const samples: Sample[] = [];
  // Prometheus parses values with Go's ParseFloat, so "NaN" in any case (prom-client writes "Nan" for a
  // summary with no samples yet) and +Inf/-Inf are valid.
  const line =
    /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (-?(?:[0-9.e+-]+|[Nn][Aa][Nn]|\+Inf|-Inf))(?: \d+)?$/;
  const label = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;
  for (const raw of text.split("\n")) {
    if (raw === "" || raw.startsWith("# HELP ") || raw.startsWith("# TYPE ")) continue;
    const m = line.exec(raw);
    if (!m) throw new Error(`not Prometheus text format: ${raw}`);
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? "").matchAll(label)) labels[l[1]!] = l[2]!;
    samples.push({ name: m[1]!, labels, value: Number(m[3]) });
  }
  return samples;
}
