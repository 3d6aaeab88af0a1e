import type { SlaTargetName, TicketSla } from "@parley/contract";
import type { TargetMinutes } from "../api/analytics";

export type DueLevel = "ok" | "warning" | "breached";
export type DueState = {
  level: DueLevel;
  /** The running deadline the badge is about (null when breached with no running clock). */
  dueAt: string | null;
  target: SlaTargetName | null;
};

export type { TargetMinutes };

/**
 * The badge's state: red when a target is breached; amber once 75% of a running target's business time
 * is used (the ticket's `warningAt` has passed, or the server said so with sla.warning; a server without
 * `warningAt`: less than a quarter of the target left on the wall clock); green otherwise. Null when no
 * clock is running and nothing was missed.
 */
export function dueState(
  sla: TicketSla | undefined,
  opts: { now: number; targets?: TargetMinutes; warned?: boolean; firstResponded?: boolean },
): DueState | null {
  if (!sla) return null;
  const running = (
    [
      // Once answered, the first-response deadline kept on the ticket is the one that was met, not running.
      ["firstResponse", opts.firstResponded ? null : sla.firstResponseDueAt],
      ["nextResponse", sla.nextResponseDueAt ?? null],
      ["resolution", sla.resolutionDueAt],
    ] as const
  )
    .filter((d): d is readonly [SlaTargetName, string] => d[1] !== null)
    .sort((a, b) => Date.parse(a[1]) - Date.parse(b[1]))[0];
  if (sla.breached || (running && Date.parse(running[1]) < opts.now))
    return { level: "breached", dueAt: running?.[1] ?? null, target: running?.[0] ?? null };
  if (!running) return null;
  const [target, dueAt] = running;
  const leftMs = Date.parse(dueAt) - opts.now;
  const minutes = opts.targets ? (opts.targets[target] ?? opts.targets.firstResponse) : null;
  const targetMs = minutes !== null ? minutes * 60_000 : null;
  const warning =
    opts.warned ||
    (sla.warningAt
      ? Date.parse(sla.warningAt) <= opts.now
      : sla.warningAt === undefined && targetMs !== null && leftMs <= targetMs * 0.25);
  return { level: warning ? "warning" : "ok", dueAt, target };
}

/** "45 min", "3 h", "2 d" */
export function shortDuration(ms: number): string {
  const min = Math.max(1, Math.round(ms / 60_000));
  if (min < 60) return `${min} min`;
  const h = Math.round(min / 60);
  if (h < 48) return `${h} h`;
  return `${Math.round(h / 24)} d`;
}
