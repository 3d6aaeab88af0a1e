import type { TicketSla } from "@parley/contract";
import type { TargetMinutes } from "../api/analytics";

export type DueLevel = "ok" | "warning" | "breached";
export type DueState = {
  level: DueLevel;
  /** The running deadline the badge is about (null when breached with no running clock). */
  dueAt: string | null;
  target: "firstResponse" | "resolution" | null;
};

export type { TargetMinutes };

/**
 * The badge's state: red when a target is breached; amber once 75% of the target's time is used (the
 * server said so with sla.warning, or less than a quarter of the target is left on the wall clock);
 * green otherwise. Null when no clock is running and nothing was missed.
 */
export function dueState(
  sla: TicketSla | undefined,
  opts: { now: number; targets?: TargetMinutes; warned?: boolean },
): DueState | null {
  if (!sla) return null;
  const running = (
    [
      ["firstResponse", sla.firstResponseDueAt],
      ["resolution", sla.resolutionDueAt],
    ] as const
  )
    .filter((d): d is readonly ["firstResponse" | "resolution", string] => d[1] !== null)
    .sort((a, b) => Date.parse(a[1]) - Date.parse(b[1]))[0];
  if (sla.breached || (running && Date.parse(running[1]) < opts.now))
    return { level: "breached", dueAt: running?.[1] ?? null, target: running?.[0] ?? null };
  if (!running) return null;
  const [target, dueAt] = running;
  const leftMs = Date.parse(dueAt) - opts.now;
  const targetMs = opts.targets ? opts.targets[target] * 60_000 : null;
  const warning = opts.warned || (targetMs !== null && leftMs <= targetMs * 0.25);
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
