import type { Logger } from "winston";
import type { Metrics } from "./metrics";

/**
 * Hands the memory that glibc's allocator holds free back to the operating system, every few seconds
 * (`malloc_trim(0)`, called through koffi: no compiler at install time).
 *
 * Why: Node allocates the bytes of every socket read (64 kB, then shrunk to what arrived) and of every Buffer
 * above V8's pool with malloc. After a burst of such reads (uploads, say) the freed
 * chunks sit between chunks still in use, and glibc gives memory back only from the top of its heap. So the
 * process stayed 13–45 MB larger after eight 10 MB uploads, with nothing live in it: V8's heap and Node's
 * external memory were back where they started. `malloc_trim` releases the free pages wherever they are.
 * Measured in docs/benchmarks.md, "Session 24"; docs/operations.md, "Memory", has the setting.
 *
 * Only on Linux with glibc (the Docker image, Debian, Ubuntu). Elsewhere (macOS, musl) it is a no-op: the
 * symbol is missing, and those allocators return memory on their own.
 */
export type MallocTrim = () => void;

/** `malloc_trim(0)` of the C library in this process, or why it is not available. */
export async function loadMallocTrim(): Promise<{ trim: MallocTrim } | { unavailable: string }> {
  if (process.platform !== "linux") return { unavailable: `not Linux (${process.platform})` };
  try {
    const koffi = await import("koffi");
    // glibc's soname on every Linux architecture Node supports; musl has neither it nor malloc_trim.
    const libc = koffi.load("libc.so.6");
    const trim = libc.func("int malloc_trim(size_t pad)") as (pad: number) => number;
    return { trim: () => void trim(0) };
  } catch (err) {
    return { unavailable: (err as Error).message };
  }
}

/**
 * Calls `malloc_trim(0)` every `intervalMs` (0: never) and counts what it released. Returns the stop
 * function. The timer does not keep the process alive.
 */
export async function startMallocTrim(opts: {
  intervalMs: number;
  logger: Logger;
  metrics?: Metrics;
}): Promise<() => void> {
  if (opts.intervalMs <= 0) return () => {};
  const loaded = await loadMallocTrim();
  if ("unavailable" in loaded) {
    opts.logger.debug(`memory: malloc_trim not available, freed heap is left to the allocator`, {
      reason: loaded.unavailable,
    });
    return () => {};
  }
  const released = opts.metrics?.counter({
    name: "parley_malloc_trim_released_bytes_total",
    help: "Resident memory handed back to the operating system by malloc_trim (resident size before minus after)",
  });
  const spent = opts.metrics?.counter({
    name: "parley_malloc_trim_seconds_total",
    help: "Time spent in malloc_trim (it runs on the event loop)",
  });
  const timer = setInterval(() => {
    const before = process.memoryUsage.rss();
    const started = process.hrtime.bigint();
    loaded.trim();
    spent?.inc(Number(process.hrtime.bigint() - started) / 1e9);
    released?.inc(Math.max(0, before - process.memoryUsage.rss()));
  }, opts.intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
