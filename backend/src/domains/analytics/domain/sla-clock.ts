import { SLA_TARGETS, type SlaTargetName, type TicketStatus } from "@parley/contract";
import { addBusinessMs, businessMsBetween, type Calendar } from "./business-hours";

/**
 * A ticket's SLA clock, as pure state transitions. Two targets measured in business time:
 *   firstResponse runs from creation until the first public admin reply;
 *   resolution runs from creation for as long as the ticket is open or in progress and not waiting
 *   on the shop (the last public message is an admin's). Both pause while the ticket is resolved or
 *   closed and resume when it is reopened (and, for waiting, when the shop writes).
 * The policy (calendar and targets) is copied into the clock when the ticket is created, so a policy
 * change never moves an existing ticket's deadlines.
 */

export type PerTarget<T> = Record<SlaTargetName, T>;
/** Percent of a target already announced: 0 nothing yet, 75 and 90 warnings, 100 the breach. */
export type AlertLevel = 0 | 75 | 90 | 100;

export type SlaClock = {
  calendar: Calendar;
  targetMs: PerTarget<number>;
  /** Business time used before runningSince. */
  consumedMs: PerTarget<number>;
  /** Start of the current running stretch; null while paused. */
  runningSince: Date | null;
  status: TicketStatus;
  waitingOnShop: boolean;
  firstResponded: boolean;
  breached: PerTarget<boolean>;
  alerted: PerTarget<AlertLevel>;
  /** Deadlines: null while that target's clock is not running (firstResponse keeps the one it met). */
  dueAt: PerTarget<Date | null>;
  /** When the checker should look at this clock next (a warning or a deadline); null when paused. */
  nextAlertAt: Date | null;
  /** Business time each target took, once reached (first response) or at the latest resolution. */
  tookMs: PerTarget<number | null>;
};

export type PauseReason = "waiting_on_shop" | "resolved" | "closed";

export type SlaTimelineEvent =
  | { type: "sla_started"; from: null; to: string | null }
  | { type: "sla_paused"; from: null; to: PauseReason }
  | { type: "sla_resumed"; from: null; to: string | null }
  | { type: "sla_breached"; from: "first_response" | "resolution"; to: string };

export type SlaAlert =
  | { kind: "warning"; target: SlaTargetName; threshold: 75 | 90; dueAt: Date }
  | { kind: "breached"; target: SlaTargetName; dueAt: Date };

export type ClockChange = { status?: TicketStatus; waitingOnShop?: boolean; firstResponded?: boolean };

const THRESHOLDS = [75, 90, 100] as const;
const TARGET_EVENT_NAME: PerTarget<"first_response" | "resolution"> = {
  firstResponse: "first_response",
  resolution: "resolution",
};

export function isRunning(
  c: Pick<SlaClock, "status" | "waitingOnShop" | "firstResponded">,
  t: SlaTargetName,
) {
  const live = (c.status === "open" || c.status === "in_progress") && !c.waitingOnShop;
  return live && (t === "resolution" || !c.firstResponded);
}
const anyRunning = (c: SlaClock) => SLA_TARGETS.some((t) => isRunning(c, t));

function pauseReason(c: SlaClock): PauseReason {
  if (c.status === "resolved") return "resolved";
  if (c.status === "closed") return "closed";
  return "waiting_on_shop";
}

/** The first threshold (percent) not yet announced, and the business time at which it is reached. */
function nextThreshold(c: SlaClock, t: SlaTargetName): { pct: 75 | 90 | 100; atMs: number } | null {
  const pct = THRESHOLDS.find((p) => p > c.alerted[t]);
  if (!pct || c.breached[t]) return null;
  return { pct, atMs: Math.ceil((c.targetMs[t] * pct) / 100) };
}

/** Recomputes deadlines and the next alert time for a clock that (re)starts or keeps running at `now`. */
function schedule(c: SlaClock, now: Date): SlaClock {
  const dueAt = { ...c.dueAt };
  let next: number | null = null;
  for (const t of SLA_TARGETS) {
    if (!isRunning(c, t)) {
      if (t === "resolution" || !c.firstResponded) dueAt[t] = null;
      continue;
    }
    const remaining = c.targetMs[t] - c.consumedMs[t];
    // An overdue clock keeps the deadline it missed: that is the instant the lead needs to see.
    if (remaining >= 0 || !dueAt[t]) dueAt[t] = addBusinessMs(c.calendar, now, Math.max(0, remaining));
    const th = nextThreshold(c, t);
    if (th) {
      const at = addBusinessMs(c.calendar, now, Math.max(0, th.atMs - c.consumedMs[t]));
      // The breach is detected strictly after the deadline (consumed > target): one millisecond on.
      const when = at && th.pct === 100 ? at.getTime() + 1 : at?.getTime();
      if (when !== undefined && (next === null || when < next)) next = when;
    }
  }
  return { ...c, dueAt, nextAlertAt: next === null ? null : new Date(next) };
}

/** A new ticket's clock: both targets start running at creation. */
export function startClock(
  policy: { calendar: Calendar; targetMs: PerTarget<number> },
  now: Date,
): { clock: SlaClock; events: SlaTimelineEvent[] } {
  const clock = schedule(
    {
      calendar: policy.calendar,
      targetMs: policy.targetMs,
      consumedMs: { firstResponse: 0, resolution: 0 },
      runningSince: now,
      status: "open",
      waitingOnShop: false,
      firstResponded: false,
      breached: { firstResponse: false, resolution: false },
      alerted: { firstResponse: 0, resolution: 0 },
      dueAt: { firstResponse: null, resolution: null },
      nextAlertAt: null,
      tookMs: { firstResponse: null, resolution: null },
    },
    now,
  );
  return {
    clock,
    events: [{ type: "sla_started", from: null, to: clock.dueAt.resolution?.toISOString() ?? null }],
  };
}

/**
 * Moves the clock to `now`, then applies a change of the ticket (status, who wrote last, first reply).
 * With no change this is the periodic check: it announces thresholds and breaches that have passed.
 */
export function advanceClock(
  prev: SlaClock,
  now: Date,
  change: ClockChange = {},
): { clock: SlaClock; events: SlaTimelineEvent[]; alerts: SlaAlert[] } {
  const events: SlaTimelineEvent[] = [];
  const alerts: SlaAlert[] = [];
  const c: SlaClock = {
    ...prev,
    consumedMs: { ...prev.consumedMs },
    breached: { ...prev.breached },
    alerted: { ...prev.alerted },
    tookMs: { ...prev.tookMs },
  };

  // 1. Count the business time of the stretch that ends now, and announce what it crossed.
  const wasRunning = anyRunning(prev);
  if (prev.runningSince && now > prev.runningSince) {
    const elapsed = businessMsBetween(c.calendar, prev.runningSince, now);
    for (const t of SLA_TARGETS) if (isRunning(prev, t)) c.consumedMs[t] += elapsed;
  }
  for (const t of SLA_TARGETS) {
    if (!isRunning(prev, t)) continue;
    const used = c.consumedMs[t];
    const target = c.targetMs[t];
    for (const pct of THRESHOLDS) {
      const reached = pct === 100 ? used > target : used >= Math.ceil((target * pct) / 100);
      if (!reached || c.alerted[t] >= pct) continue;
      c.alerted[t] = pct;
      const dueAt = prev.dueAt[t] ?? now;
      if (pct === 100) {
        c.breached[t] = true;
        alerts.push({ kind: "breached", target: t, dueAt });
        events.push({ type: "sla_breached", from: TARGET_EVENT_NAME[t], to: dueAt.toISOString() });
      } else if (change.firstResponded === undefined || t !== "firstResponse") {
        // A warning that is already moot (the reply is being posted now) is not worth an alert.
        alerts.push({ kind: "warning", target: t, threshold: pct, dueAt });
      }
    }
  }

  // 2. Apply the change.
  if (change.status !== undefined) c.status = change.status;
  if (change.waitingOnShop !== undefined) c.waitingOnShop = change.waitingOnShop;
  if (change.firstResponded && !c.firstResponded) {
    c.firstResponded = true;
    c.tookMs.firstResponse = c.consumedMs.firstResponse;
  }
  if (change.status === "resolved") c.tookMs.resolution = c.consumedMs.resolution;

  // 3. Pause or resume, and reschedule.
  const nowRunning = anyRunning(c);
  if (wasRunning && !nowRunning) events.push({ type: "sla_paused", from: null, to: pauseReason(c) });
  c.runningSince = nowRunning ? now : null;
  const next = schedule(c, now);
  if (!wasRunning && nowRunning) {
    events.push({ type: "sla_resumed", from: null, to: next.dueAt.resolution?.toISOString() ?? null });
  }
  return { clock: next, events, alerts };
}

/** What the ticket row shows: both deadlines, the breach, and the nearest running deadline (the queue's `due`). */
export function ticketSlaFields(c: SlaClock): {
  firstResponseDueAt: Date | null;
  resolutionDueAt: Date | null;
  breached: boolean;
  dueAt: Date | null;
} {
  const running = SLA_TARGETS.filter((t) => isRunning(c, t))
    .map((t) => c.dueAt[t])
    .filter((d): d is Date => d !== null);
  const dueAt = running.length ? new Date(Math.min(...running.map((d) => d.getTime()))) : null;
  return {
    firstResponseDueAt: c.dueAt.firstResponse,
    resolutionDueAt: c.dueAt.resolution,
    breached: c.breached.firstResponse || c.breached.resolution,
    dueAt,
  };
}
