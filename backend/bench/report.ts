/**
 * What the standalone benches (bulk.ts, notifications.ts, uploads.ts) print and how they exit: the
 * machine's load average beside their summary (a busy machine explains a slow figure), and the exit code.
 */
import os from "node:os";

/** "Load average (1 min) at the end: 1.3 on 2 cores." */
export function loadAverage(when: "start" | "end"): string {
  return `Load average (1 min) at the ${when}: ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores.`;
}

/** Prints a bench's summary, then the load average at its end. */
export function printSummary(summary: string): void {
  console.log(summary);
  console.log(loadAverage("end"));
}

/** Runs a standalone bench's `main` and exits with its code (1 on an error, which is printed). */
export function runStandalone(main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
