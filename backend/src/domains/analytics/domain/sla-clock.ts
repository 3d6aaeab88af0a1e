import { SLA_TARGETS, type SlaTarget, type SlaTargetName, type TicketStatus } from "@parley/contract";
import { addBusinessMs, businessMsBetween, MAX_SCAN_DAYS, type Calendar } from "./business-hours";

/**
 * A ticket's SLA clock, as pure state transitions. Three targets measured in business time:
 *   firstResponse runs from creation until the first public admin reply;
 *   nextResponse runs, after the first reply, whenever the shop has written last and an admin owes the
 *   next reply; each admin reply ends that cycle (the next shop message starts a new one from zero);
 *   resolution runs from creation for as long as the ticket is open or in progress and not waiting
 *   on the shop (the last public message is an admin's). Both pause while the ticket is resolved or
 *   closed and resume when it is reopened (and, for waiting, when the shop writes).
 * The policy (calendar and targets) is copied into the clock when the ticket is created, so a policy
 * change never moves an existing ticket's deadlines. A priority change re-targets the clock: the new
 * priority's targets replace the old, the business time already used is kept.
 */

export type PerTarget<T> = Record<SlaTargetName, T>;
/** Percent of a target already announced: 0 nothing yet, 75 and 90 warnings, 100 the breach. */
export type AlertLevel = 0 | 75 | 90 | 100;

export type SlaClock = {
  calendar: Calendar;
  targetMs: PerTarget<number>;
  /** Business time used before runningSince (nextResponse: in the current cycle). */
  consumedMs: PerTarget<number>;
  /** Start of the current running stretch; null while paused. */
  runningSince: Date | null;
  status: TicketStatus;
  waitingOnShop: boolean;
  firstResponded: boolean;
  /** Missed at least once (a breach is permanent for the ticket; for nextResponse, in any cycle). */
  breached: PerTarget<boolean>;
  alerted: PerTarget<AlertLevel>;
  /** Deadlines: null while that target's clock is not running (firstResponse keeps the one it met). */
  dueAt: PerTarget<Date | null>;
  /** When the checker should look at this clock next (a warning or a deadline); null when paused. */
  nextAlertAt: Date | null;
  /** Business time each target took, once reached (first response), at the latest resolution, or the latest next-response cycle. */
  tookMs: PerTarget<number | null>;
};

export type PauseReason = "waiting_on_shop" | "resolved" | "closed";

export type SlaTimelineEvent =
  | { type: "sla_started"; from: null; to: string | null }
  | { type: "sla_paused"; from: null; to: PauseReason }
  | { type: "sla_resumed"; from: null; to: string | null }
  | { type: "sla_breached"; from: TargetEventName; to: string }
  /** A next-response cycle started (or resumed): to is its deadline. */
  | { type: "sla_started"; from: "next_response"; to: string | null }
  /** The priority changed: from is the new priority, to the nearest running deadline after re-targeting. */
  | { type: "sla_retargeted"; from: string; to: string | null };

type TargetEventName = "first_response" | "next_response" | "resolution";

export type SlaAlert =
  | { kind: "warning"; target: SlaTargetName; threshold: 75 | 90; dueAt: Date }
  | { kind: "breached"; target: SlaTargetName; dueAt: Date };

export type ClockChange = {
  status?: TicketStatus;
  waitingOnShop?: boolean;
  firstResponded?: boolean;
  /** A priority change: the new priority's targets (business time already used is kept). */
  retarget?: { priority: string; targetMs: PerTarget<number> };
};

const THRESHOLDS = [75, 90, 100] as const;
const TARGET_EVENT_NAME: PerTarget<TargetEventName> = {
  firstResponse: "first_response",
  nextResponse: "next_response",
  resolution: "resolution",
};
/** Percent of a target at which the queue badge turns amber. */
export const AMBER_PCT = 75;

const TARGET_FIELDS = ["firstResponseMinutes", "nextResponseMinutes", "resolutionMinutes"] as const;

/**
 * The targets a calendar cannot hold: more business time than it opens within MAX_SCAN_DAYS from `now`
 * (a few hours a week and a target of a year). Such a deadline never exists: the ticket would show none,
 * never breach and count as kept in attainment, so the policy is refused instead. One issue per field.
 */
export function targetsBeyondCalendar(
  calendar: Calendar,
  targets: SlaTarget[],
  now: Date,
): Array<{ path: string; message: string }> {
  const fits = new Map<number, boolean>();
  const issues: Array<{ path: string; message: string }> = [];
  targets.forEach((target, i) => {
    for (const field of TARGET_FIELDS) {
      const minutes = target[field];
      if (minutes === undefined) continue;
      if (!fits.has(minutes)) fits.set(minutes, addBusinessMs(calendar, now, minutes * 60_000) !== null);
      if (!fits.get(minutes)) {
        issues.push({
          path: `targets.${i}.${field}`,
          message: `More business time than the calendar opens in ${Math.round(MAX_SCAN_DAYS / 366)} years: its deadline would never come.`,
        });
      }
    }
  });
  return issues;
}

export function isRunning(
  c: Pick<SlaClock, "status" | "waitingOnShop" | "firstResponded">,
  t: SlaTargetName,
) {
  const live = (c.status === "open" || c.status === "in_progress") && !c.waitingOnShop;
  if (t === "firstResponse") return live && !c.firstResponded;
  if (t === "nextResponse") return live && c.firstResponded;
  return live;
}
const anyRunning = (c: SlaClock) => SLA_TARGETS.some((t) => isRunning(c, t));

function pauseReason(c: SlaClock): PauseReason {
  if (c.status === "resolved") return "resolved";
  if (c.status === "closed") return "closed";
  return "waiting_on_shop";
}

/** The first threshold (percent) not yet announced, and the business time at which it is reached. */
function nextThreshold(c: SlaClock, t: SlaTargetName): { pct: 75 | 90 | 100; atMs: number } | null {
  // alerted is 100 once breached (for nextResponse, until a new cycle starts).
  const pct = THRESHOLDS.find((p) => p > c.alerted[t]);
  if (!pct) return null;
  return { pct, atMs: Math.ceil((c.targetMs[t] * pct) / 100) };
}

/** Recomputes deadlines and the next alert time for a clock that (re)starts or keeps running at `now`. */
function schedule(c: SlaClock, now: Date): SlaClock {
  const dueAt = { ...c.dueAt };
  let next: number | null = null;
  for (const t of SLA_TARGETS) {
    if (!isRunning(c, t)) {
      if (t !== "firstResponse" || !c.firstResponded) dueAt[t] = null;
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
      consumedMs: { firstResponse: 0, nextResponse: 0, resolution: 0 },
      runningSince: now,
      status: "open",
      waitingOnShop: false,
      firstResponded: false,
      breached: { firstResponse: false, nextResponse: false, resolution: false },
      alerted: { firstResponse: 0, nextResponse: 0, resolution: 0 },
      dueAt: { firstResponse: null, nextResponse: null, resolution: null },
      nextAlertAt: null,
      tookMs: { firstResponse: null, nextResponse: null, resolution: null },
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
  // An admin reply is being posted now: warnings of the response target it meets are moot.
  const replying = change.waitingOnShop === true;
  for (const t of SLA_TARGETS) {
    if (!isRunning(prev, t)) continue;
    const quietWarnings = replying && t !== "resolution";
    announce(c, t, prev.dueAt[t] ?? now, quietWarnings, events, alerts);
  }

  // 2. Apply the change.
  const nextWasRunning = isRunning(prev, "nextResponse");
  if (change.status !== undefined) c.status = change.status;
  if (change.waitingOnShop !== undefined) c.waitingOnShop = change.waitingOnShop;
  if (replying && prev.firstResponded) {
    // An admin reply after the first one ends the current next-response cycle: the next shop message
    // starts a new one from zero (breaches stay recorded on the ticket).
    if (prev.consumedMs.nextResponse > 0 || nextWasRunning) c.tookMs.nextResponse = c.consumedMs.nextResponse;
    c.consumedMs.nextResponse = 0;
    c.alerted.nextResponse = 0;
    c.dueAt = { ...c.dueAt, nextResponse: null };
  }
  if (change.firstResponded && !c.firstResponded) {
    c.firstResponded = true;
    c.tookMs.firstResponse = c.consumedMs.firstResponse;
  }
  if (change.status === "resolved") c.tookMs.resolution = c.consumedMs.resolution;
  if (change.retarget) retarget(c, change.retarget.targetMs, now, events, alerts);

  // 3. Pause or resume, and reschedule.
  const nowRunning = anyRunning(c);
  if (wasRunning && !nowRunning) events.push({ type: "sla_paused", from: null, to: pauseReason(c) });
  c.runningSince = nowRunning ? now : null;
  const next = schedule(c, now);
  if (!wasRunning && nowRunning) {
    events.push({ type: "sla_resumed", from: null, to: next.dueAt.resolution?.toISOString() ?? null });
  }
  if (!nextWasRunning && isRunning(next, "nextResponse")) {
    events.push({
      type: "sla_started",
      from: "next_response",
      to: next.dueAt.nextResponse?.toISOString() ?? null,
    });
  }
  if (change.retarget) {
    events.push({
      type: "sla_retargeted",
      from: change.retarget.priority,
      to: ticketSlaFields(next).dueAt?.toISOString() ?? null,
    });
  }
  return { clock: next, events, alerts };
}

/** Announces the thresholds (75%, 90%, the breach) a target's used time has crossed and not yet announced. */
function announce(
  c: SlaClock,
  t: SlaTargetName,
  dueAt: Date,
  quietWarnings: boolean,
  events: SlaTimelineEvent[],
  alerts: SlaAlert[],
) {
  const used = c.consumedMs[t];
  const target = c.targetMs[t];
  for (const pct of THRESHOLDS) {
    const reached = pct === 100 ? used > target : used >= Math.ceil((target * pct) / 100);
    if (!reached || c.alerted[t] >= pct) continue;
    c.alerted[t] = pct;
    if (pct === 100) {
      c.breached[t] = true;
      alerts.push({ kind: "breached", target: t, dueAt });
      events.push({ type: "sla_breached", from: TARGET_EVENT_NAME[t], to: dueAt.toISOString() });
    } else if (!quietWarnings) {
      alerts.push({ kind: "warning", target: t, threshold: pct, dueAt });
    }
  }
}

/**
 * Replaces the targets (a priority change), keeping the business time used. Warning levels drop back to
 * what the new targets have reached so far (a longer target warns again later); a target the used time
 * already exceeds is breached now, its deadline being now, paused or not: a paused target runs again
 * already late (the shop writes, the ticket is reopened), and the breach is news now, not then. Breaches
 * already recorded stay. Only a first response already given is not judged again: that target has ended.
 */
function retarget(
  c: SlaClock,
  targetMs: PerTarget<number>,
  now: Date,
  events: SlaTimelineEvent[],
  alerts: SlaAlert[],
) {
  c.targetMs = { ...targetMs };
  c.dueAt = { ...c.dueAt };
  for (const t of SLA_TARGETS) {
    if (c.alerted[t] === 100) continue;
    const used = c.consumedMs[t];
    const reached = ([75, 90] as const).filter((p) => used >= Math.ceil((targetMs[t] * p) / 100));
    c.alerted[t] = Math.min(c.alerted[t], reached.at(-1) ?? 0) as AlertLevel;
    if (t === "firstResponse" && c.firstResponded) continue;
    // A running deadline is recomputed by schedule(); one already passed under the new target is now.
    if (isRunning(c, t)) c.dueAt[t] = null;
    // Breached by the change itself: the breach is the news, not the warnings it skipped past.
    if (used > targetMs[t]) announce(c, t, now, true, events, alerts);
  }
}

export type TicketSlaFields = {
  firstResponseDueAt: Date | null;
  nextResponseDueAt: Date | null;
  resolutionDueAt: Date | null;
  breached: boolean;
  dueAt: Date | null;
  warningAt: Date | null;
};

const earliest = (ds: Array<Date | null>): Date | null => {
  const ms = ds.filter((d): d is Date => d !== null).map((d) => d.getTime());
  return ms.length ? new Date(Math.min(...ms)) : null;
};

/**
 * What the ticket row shows: the deadlines, the breach, the nearest running deadline (the queue's `due`),
 * and when the first running target reaches 75% of its business time (`warningAt`, the badge's amber).
 */
export function ticketSlaFields(c: SlaClock): TicketSlaFields {
  const running = SLA_TARGETS.filter((t) => isRunning(c, t));
  const since = c.runningSince;
  const warningAt = since
    ? earliest(
        running.map((t) =>
          addBusinessMs(
            c.calendar,
            since,
            Math.max(0, Math.ceil((c.targetMs[t] * AMBER_PCT) / 100) - c.consumedMs[t]),
          ),
        ),
      )
    : null;
  return {
    firstResponseDueAt: c.dueAt.firstResponse,
    nextResponseDueAt: c.dueAt.nextResponse,
    resolutionDueAt: c.dueAt.resolution,
    breached: c.breached.firstResponse || c.breached.nextResponse || c.breached.resolution,
    dueAt: earliest(running.map((t) => c.dueAt[t])),
    warningAt,
  };
}
