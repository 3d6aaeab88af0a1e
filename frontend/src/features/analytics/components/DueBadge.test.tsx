import { render, screen } from "@testing-library/react";
import type { TicketSla } from "@parley/contract";
import DueBadge from "./DueBadge";

const NOW = Date.parse("2026-12-01T10:00:00Z");
const MIN = 60_000;
const at = (ms: number) => new Date(ms).toISOString();
/** First response 60 min, resolution 480 min. */
const TARGETS = { firstResponse: 60, resolution: 480 };

function badge(sla: TicketSla | undefined, extra: { warned?: boolean; firstResponded?: boolean } = {}) {
  const { container } = render(<DueBadge sla={sla} targets={TARGETS} now={NOW} {...extra} />);
  return container.querySelector<HTMLElement>("[data-due]");
}

describe("DueBadge", () => {
  test("green with the time left while under 75% of the target is used", () => {
    // 30 of 60 minutes left: 50% used
    const el = badge({ firstResponseDueAt: at(NOW + 30 * MIN), resolutionDueAt: null, breached: false });
    expect(el).toHaveAttribute("data-due", "ok");
    expect(el).toHaveTextContent("Due in 30 min");
    expect(el?.title).toMatch(/^First response due /);
  });

  test("amber from 75% of the target: a quarter or less left", () => {
    // 16 of 60 min left (73% used): still green; 15 left (75%): amber
    expect(
      badge({ firstResponseDueAt: at(NOW + 16 * MIN), resolutionDueAt: null, breached: false }),
    ).toHaveAttribute("data-due", "ok");
    const amber = badge({ firstResponseDueAt: at(NOW + 15 * MIN), resolutionDueAt: null, breached: false });
    expect(amber).toHaveAttribute("data-due", "warning");
    expect(amber).toHaveTextContent("Due soon: 15 min");
  });

  test("the nearest running deadline decides, measured against its own target", () => {
    // resolution due in 100 min of 480 (79% used) → amber, though first response is paused
    const el = badge({ firstResponseDueAt: null, resolutionDueAt: at(NOW + 100 * MIN), breached: false });
    expect(el).toHaveAttribute("data-due", "warning");
    expect(el?.title).toMatch(/^Resolution due /);
  });

  test("amber when the server warned (sla.warning), even with time left on the wall clock", () => {
    const el = badge(
      { firstResponseDueAt: null, resolutionDueAt: at(NOW + 400 * MIN), breached: false },
      { warned: true },
    );
    expect(el).toHaveAttribute("data-due", "warning");
  });

  test("red with text when breached, or once a running deadline has passed", () => {
    const recorded = badge({ firstResponseDueAt: null, resolutionDueAt: null, breached: true });
    expect(recorded).toHaveAttribute("data-due", "breached");
    expect(recorded).toHaveTextContent("SLA breached");
    const passed = badge({ firstResponseDueAt: at(NOW - MIN), resolutionDueAt: null, breached: false });
    expect(passed).toHaveAttribute("data-due", "breached");
    expect(passed?.title).toMatch(/^First response was due /);
  });

  test("nothing while no clock runs and nothing was missed (paused, or no SLA data)", () => {
    expect(badge({ firstResponseDueAt: null, resolutionDueAt: null, breached: false })).toBeNull();
    expect(badge(undefined)).toBeNull();
    expect(screen.queryByText(/Due/)).toBeNull();
  });

  test("with the server's warningAt, amber is 75% of the business time, not the wall clock", () => {
    // Overnight: the deadline is 17 h away on the wall clock, but 75% of the business time is used.
    const sla = {
      firstResponseDueAt: at(NOW + 17 * 60 * MIN),
      resolutionDueAt: null,
      breached: false,
      nextResponseDueAt: null,
    };
    expect(badge({ ...sla, warningAt: at(NOW - MIN) })).toHaveAttribute("data-due", "warning");
    // And not amber before it, even when little wall-clock time is left.
    const soon = { ...sla, firstResponseDueAt: at(NOW + 5 * MIN) };
    expect(badge({ ...soon, warningAt: at(NOW + MIN) })).toHaveAttribute("data-due", "ok");
    // No clock running: no warningAt, no wall-clock guess either.
    expect(badge({ ...soon, warningAt: null })).toHaveAttribute("data-due", "ok");
  });

  test("after the first reply, the met first-response deadline is not running; the next-response one is named", () => {
    const sla = {
      firstResponseDueAt: at(NOW - 600 * MIN),
      nextResponseDueAt: at(NOW + 40 * MIN),
      resolutionDueAt: at(NOW + 300 * MIN),
      breached: false,
      warningAt: at(NOW + 20 * MIN),
    };
    const el = badge(sla, { firstResponded: true });
    expect(el).toHaveAttribute("data-due", "ok");
    expect(el?.title).toMatch(/^Next response due /);
  });
});
