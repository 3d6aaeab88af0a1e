import { createPacer } from "./pacing";

const t = (ms: number) => new Date(1_700_000_000_000 + ms);
const at = (d: Date) => d.getTime() - 1_700_000_000_000;

describe("pacing alerts per destination", () => {
  it("when alerts come faster than the interval, then the first goes at once and the rest share one slot per interval", () => {
    const pacer = createPacer(1000);
    const slots = [0, 20, 400, 999, 1000, 1500, 2000, 2001].map((ms) => at(pacer.slot("chat", t(ms), t(ms))));
    expect(slots).toEqual([0, 1000, 1000, 1000, 1000, 2000, 2000, 3000]);
  });

  it("when a destination was quiet for an interval, then its next alert goes at once", () => {
    const pacer = createPacer(1000);
    expect(at(pacer.slot("a@x", t(0), t(0)))).toBe(0);
    expect(at(pacer.slot("a@x", t(500), t(500)))).toBe(1000);
    expect(at(pacer.slot("a@x", t(2000), t(2000)))).toBe(2000);
    expect(at(pacer.slot("a@x", t(5000), t(5000)))).toBe(5000);
  });

  it("when alerts go to different destinations, then each is paced on its own", () => {
    const pacer = createPacer(1000);
    expect(at(pacer.slot("a", t(0), t(0)))).toBe(0);
    expect(at(pacer.slot("b", t(10), t(10)))).toBe(10);
    expect(at(pacer.slot("a", t(20), t(20)))).toBe(1000);
    expect(at(pacer.slot("b", t(30), t(30)))).toBe(1010);
  });

  it("when the key is null (a webhook, a test alert) or pacing is off, then the alert keeps its time", () => {
    const pacer = createPacer(1000);
    expect(at(pacer.slot(null, t(0), t(0)))).toBe(0);
    expect(at(pacer.slot(null, t(1), t(1)))).toBe(1);
    const off = createPacer(0);
    expect(at(off.slot("a", t(0), t(0)))).toBe(0);
    expect(at(off.slot("a", t(1), t(1)))).toBe(1);
  });

  it("when an alert is due later (quiet hours, an unread reply's delay), then it is paced from that time, never sooner", () => {
    const pacer = createPacer(1000);
    expect(at(pacer.slot("shop@x", t(120_000), t(0)))).toBe(120_000);
    expect(at(pacer.slot("shop@x", t(120_300), t(300)))).toBe(121_000);
    // An alert due within an interval of the destination's pending slot waits for it: one call, not two.
    expect(at(pacer.slot("shop@x", t(120_500), t(400)))).toBe(121_000);
    // One due long before it (a resolution while a reply's alert waits two minutes) does not wait for it.
    expect(at(pacer.slot("shop@x", t(500), t(500)))).toBe(500);
    expect(at(pacer.slot("shop@x", t(120_600), t(600)))).toBe(121_000);
  });

  it("when destinations fall quiet, then they are forgotten and their next alert goes at once", () => {
    const pacer = createPacer(1000);
    for (let i = 0; i < 100; i++) pacer.slot(`user-${i}`, t(0), t(0));
    expect(pacer.tracked()).toBe(100);
    expect(at(pacer.slot("user-1", t(120_000), t(120_000)))).toBe(120_000);
    expect(pacer.tracked()).toBe(1);
    expect(at(pacer.slot("user-1", t(120_001), t(120_001)))).toBe(121_000);
  });

  it("when a call fails, then its alerts get one retry slot, an interval from the destination's other calls", () => {
    const pacer = createPacer(1000);
    expect(at(pacer.slot("chat", t(0), t(0)))).toBe(0);
    // The failed call went at 0; its backoff would bring it back at 300, inside the interval.
    expect(at(pacer.retrySlot(["chat", "chat"], t(300), t(100)))).toBe(1000);
    expect(pacer.inTable("chat", t(1000))).toBe(true);
    // An alert planned meanwhile joins the retry: one message then, claimed from the table.
    const joined = pacer.slot("chat", t(400), t(400));
    expect(at(joined)).toBe(1000);
    expect(pacer.inTable("chat", joined)).toBe(true);
    // The next one after it is paced as ever.
    expect(at(pacer.slot("chat", t(1200), t(1200)))).toBe(2000);
    expect(pacer.inTable("chat", t(2000))).toBe(false);
  });

  it("when a retry's time falls near a slot whose alerts are held in memory, then it takes the next free slot instead of joining", () => {
    const pacer = createPacer(1000);
    pacer.slot("chat", t(0), t(0));
    expect(at(pacer.slot("chat", t(100), t(100)))).toBe(1000);
    // Joining 1000 would make two calls at once there (the held alerts and the claimed retry).
    expect(at(pacer.retrySlot(["chat"], t(900), t(200)))).toBe(2000);
    // A second failed call's retry may join the first retry's slot: both are claimed from the table.
    expect(at(pacer.retrySlot(["chat"], t(1500), t(300)))).toBe(2000);
  });

  it("when a retry carries alerts of several destinations (one email to several addresses), then it finds one slot that suits them all", () => {
    const pacer = createPacer(1000);
    pacer.slot("a@x", t(0), t(0));
    pacer.slot("b@x", t(1500), t(0));
    const retry = pacer.retrySlot(["a@x", "b@x", null], t(200), t(200));
    expect(at(retry)).toBe(2500);
    expect(pacer.inTable("a@x", retry) && pacer.inTable("b@x", retry)).toBe(true);
  });

  it("when the keys are null (webhooks, test alerts) or pacing is off, then a retry keeps its time", () => {
    expect(at(createPacer(1000).retrySlot([null], t(5), t(0)))).toBe(5);
    expect(at(createPacer(0).retrySlot(["chat"], t(5), t(0)))).toBe(5);
  });
});
