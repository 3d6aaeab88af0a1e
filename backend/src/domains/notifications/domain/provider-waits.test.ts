import { createProviderWaits, destinationOf, PROVIDER_WAIT_MAX_MS, providerWaitMs } from "./provider-waits";

describe("waits a provider asks for", () => {
  it("when a provider asks for a wait, then it is honoured up to an hour, and nothing is none", () => {
    expect(providerWaitMs(4000)).toBe(4000);
    expect(providerWaitMs(2 * 3_600_000)).toBe(PROVIDER_WAIT_MAX_MS);
    expect(PROVIDER_WAIT_MAX_MS).toBe(3_600_000);
    for (const none of [undefined, 0, -5, Number.NaN]) expect(providerWaitMs(none)).toBe(0);
  });

  it("when a destination waits, then it rests until the latest end asked, and only that destination", () => {
    const waits = createProviderWaits();
    const chat = destinationOf({ channel: "telegram", target: "default" });
    const hook = destinationOf({ channel: "webhook", target: "hook-1" });
    waits.hold(chat, 5000, 1000);
    waits.hold(chat, 3000, 1000);
    expect(waits.endOf(chat, 1000)).toBe(5000);
    expect(waits.endOf(hook, 1000)).toBe(0);
    expect(waits.endOf(destinationOf({ channel: "whatsapp", target: "default" }), 1000)).toBe(0);
    expect(waits.endOf(chat, 5000)).toBe(0);
  });
});
