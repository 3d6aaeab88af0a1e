import { execFileSync } from "node:child_process";
import path from "node:path";
import winston from "winston";
import { createMetrics } from "./metrics";
import { loadMallocTrim, startMallocTrim } from "./malloc-trim";

// malloc_trim is glibc's; elsewhere the module is a no-op and these tests have nothing to show.
const glibc = Boolean(
  (process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined)?.header
    ?.glibcVersionRuntime,
);
const onGlibc = glibc ? test : test.skip;

/**
 * A fresh Node process (with --expose-gc) fills 94 MB with 64 kB Buffers (malloc'd, below glibc's mmap
 * threshold), keeps one allocated after them so the top of the heap stays in use, frees the rest, then
 * calls this module's trim or not. Prints its resident sizes in MB.
 */
function fragmentAndFree(trim: boolean): { full: number; freed: number; after: number } {
  const script = `
    const { loadMallocTrim } = require(process.env.MALLOC_TRIM_MODULE);
    (async () => {
      const loaded = await loadMallocTrim();
      if ("unavailable" in loaded) throw new Error(loaded.unavailable);
      const mb = () => process.memoryUsage.rss() / 1048576;
      const settle = async () => { for (let i = 0; i < 3; i++) { global.gc(); await new Promise((r) => setTimeout(r, 30)); } };
      let held = [];
      for (let i = 0; i < 1500; i++) held.push(Buffer.alloc(65536));
      const pin = Buffer.alloc(65536);
      const full = mb();
      held = null;
      await settle();
      const freed = mb();
      if (process.argv.includes("trim")) loaded.trim();
      console.log(JSON.stringify({ full, freed, after: mb(), pin: pin.length }));
    })();`;
  const out = execFileSync(
    process.execPath,
    ["--expose-gc", "--import", "tsx", "-e", script, ...(trim ? ["trim"] : [])],
    {
      encoding: "utf8",
      env: { ...process.env, NODE_OPTIONS: "", MALLOC_TRIM_MODULE: path.join(__dirname, "malloc-trim.ts") },
    },
  );
  return JSON.parse(out) as { full: number; freed: number; after: number };
}

onGlibc("when 94 MB of freed Buffers stay resident, then malloc_trim hands them back", () => {
  // Without the trim, glibc keeps what was freed: this is the memory the module exists for.
  const kept = fragmentAndFree(false);
  expect(kept.full - kept.after).toBeLessThan(20);

  const trimmed = fragmentAndFree(true);
  expect(trimmed.freed - trimmed.after).toBeGreaterThan(60);
});

const silent = winston.createLogger({ silent: true });

onGlibc("when the interval passes, then the trim runs and is counted", async () => {
  const metrics = createMetrics({ defaultMetrics: false });
  const stop = await startMallocTrim({ intervalMs: 20, logger: silent, metrics });
  try {
    const seconds = async () =>
      (await metrics.registry.getSingleMetric("parley_malloc_trim_seconds_total")!.get()).values[0]?.value ??
      0;
    const deadline = Date.now() + 10_000;
    while ((await seconds()) === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(await seconds()).toBeGreaterThan(0);
    expect(metrics.registry.getSingleMetric("parley_malloc_trim_released_bytes_total")).toBeDefined();
  } finally {
    stop();
  }
});

test("when the interval is 0, then nothing is loaded or counted", async () => {
  const metrics = createMetrics({ defaultMetrics: false });
  const stop = await startMallocTrim({ intervalMs: 0, logger: silent, metrics });
  stop();
  expect(metrics.registry.getSingleMetric("parley_malloc_trim_seconds_total")).toBeUndefined();
});

onGlibc("when loaded on glibc, then the trim is available", async () => {
  expect(await loadMallocTrim()).toHaveProperty("trim");
});
