import type { TicketPriority } from "@parley/contract";
import {
  advanceClock,
  startClock,
  ticketSlaFields,
  type ClockChange,
  type PerTarget,
  type SlaClock,
} from "./sla-clock";
import type { Calendar } from "./business-hours";

/**
 * Weeks of made-up but consistent ticket histories for the demo data (development only), so a fresh
 * start's Analytics page has something to show: each ticket is filed, answered, sometimes answered back,
 * resolved (some late enough to breach), a few still open. The SLA clock runs through the same pure rules
 * as live tickets, at the history's own times. Deterministic (a seeded generator): the same demo each time.
 */

export type DemoMessage = { side: "shop" | "admin"; body: string; at: Date };
export type DemoTicket = {
  shopIndex: number;
  subject: string;
  category: string;
  priority: TicketPriority;
  createdAt: Date;
  status: "open" | "in_progress" | "resolved" | "closed";
  firstResponseAt: Date | null;
  resolvedAt: Date | null;
  closedAt: Date | null;
  messages: DemoMessage[];
  clock: SlaClock;
  sla: ReturnType<typeof ticketSlaFields>;
  events: Array<{ type: string; from: string | null; to: string | null; at: Date }>;
};

const SUBJECTS: Array<[string, string]> = [
  ["Payout did not arrive", "payouts"],
  ["Order marked delivered but never received", "orders"],
  ["How do I change my shop's bank account?", "account"],
  ["Listing rejected without a reason", "listings"],
  ["Customer asks for a refund after 40 days", "refunds"],
  ["Shipping label will not print", "shipping"],
  ["VAT number not shown on invoices", "account"],
  ["Duplicate charge on my subscription", "billing"],
];
const SHOP_FIRST = [
  "Hello, could you help with this?",
  "Hi team, this is urgent for us.",
  "Good morning, a question.",
];
const ADMIN_REPLY = [
  "Thanks, we are looking into it.",
  "Could you send the order number?",
  "We have checked this for you.",
];
const SHOP_BACK = [
  "Here it is: order 4711.",
  "Still not working, sorry.",
  "Thanks, one more detail: it happened twice.",
];

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function demoHistories(a: {
  now: Date;
  weeks: number;
  perDay: number;
  shops: number;
  calendar: Calendar;
  targetsFor: (p: TicketPriority) => PerTarget<number>;
}): DemoTicket[] {
  const random = rng(20261203);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
  const H = 3_600_000;
  const out: DemoTicket[] = [];
  const days = a.weeks * 7;
  for (let d = days; d >= 1; d--) {
    // Midnight UTC d days ago; tickets are filed during the (European) working day, 08:00–18:00 UTC.
    const dayStart = Math.floor(a.now.getTime() / (24 * H)) * 24 * H - d * 24 * H;
    const count = Math.max(1, Math.round(a.perDay * (0.5 + random())));
    for (let k = 0; k < count; k++) {
      const createdAt = new Date(dayStart + 8 * H + Math.floor(random() * 10 * H));
      const [subject, category] = pick(SUBJECTS);
      const r = random();
      const priority: TicketPriority = r < 0.2 ? "low" : r < 0.7 ? "medium" : r < 0.92 ? "high" : "urgent";
      const started = startClock({ calendar: a.calendar, targetMs: a.targetsFor(priority) }, createdAt);
      let clock = started.clock;
      const events: DemoTicket["events"] = [
        { type: "created", from: null, to: "open", at: createdAt },
        ...started.events.map((e) => ({ ...e, at: createdAt })),
      ];
      const messages: DemoMessage[] = [{ side: "shop", body: pick(SHOP_FIRST), at: createdAt }];
      let status: DemoTicket["status"] = "open";
      let firstResponseAt: Date | null = null;
      let resolvedAt: Date | null = null;
      let closedAt: Date | null = null;
      let at = createdAt.getTime();
      const step = (hours: number, change: ClockChange) => {
        at += Math.max(5 * 60_000, Math.floor(hours * H));
        const moved = advanceClock(clock, new Date(at), change);
        clock = moved.clock;
        for (const e of moved.events) events.push({ ...e, at: new Date(at) });
        return new Date(at);
      };
      // Most are answered within hours; one in six waits long enough to breach.
      const late = random() < 1 / 6;
      const replyAt = step(late ? 10 + random() * 30 : 0.1 + random() * 3, {
        status: "in_progress",
        waitingOnShop: true,
        firstResponded: true,
      });
      if (d <= 1 && random() < 0.5) {
        // Yesterday's: some still waiting for their answer.
        messages.pop();
        messages.push({ side: "shop", body: pick(SHOP_FIRST), at: createdAt });
        clock = started.clock;
        events.splice(2);
        out.push(finish());
        continue;
      }
      messages.push({ side: "admin", body: pick(ADMIN_REPLY), at: replyAt });
      firstResponseAt = replyAt;
      status = "in_progress";
      events.push({ type: "status", from: "open", to: "in_progress", at: replyAt });
      if (random() < 0.5) {
        const back = step(random() * 24, { waitingOnShop: false });
        messages.push({ side: "shop", body: pick(SHOP_BACK), at: back });
        const answer = step(random() * (late ? 20 : 4), { waitingOnShop: true });
        messages.push({ side: "admin", body: pick(ADMIN_REPLY), at: answer });
      }
      // The last days' tickets are partly still in progress; nothing resolves in the future.
      const open = (d <= 3 && random() < 0.4) || at + 7 * H > a.now.getTime();
      if (!open) {
        resolvedAt = step(random() * 6, { status: "resolved" });
        status = "resolved";
        events.push({ type: "status", from: "in_progress", to: "resolved", at: resolvedAt });
        if (random() < 0.5 && at + 72 * H < a.now.getTime()) {
          closedAt = step(72, { status: "closed" });
          status = "closed";
          events.push({ type: "status", from: "resolved", to: "closed", at: closedAt });
        }
      }
      out.push(finish());

      function finish(): DemoTicket {
        const shopIndex = Math.floor(random() * a.shops);
        return {
          shopIndex,
          subject,
          category,
          priority,
          createdAt,
          status,
          firstResponseAt,
          resolvedAt,
          closedAt,
          messages,
          clock,
          sla: ticketSlaFields(clock),
          events: events.filter((e) => e.at.getTime() <= a.now.getTime()),
        };
      }
    }
  }
  return out;
}
