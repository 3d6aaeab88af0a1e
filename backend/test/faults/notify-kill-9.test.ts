/**
 * Fault test: `kill -9` of the server between the commit of new tickets and the delivery of their alerts.
 * The Telegram stand-in holds every call open (the worker is mid-send) while the process is killed; the
 * restarted process, on the same database, delivers every alert. At-least-once: an alert whose call was in
 * flight at the kill may be sent again, never lost (docs/notifications.md).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { api, freePort, shopUser, sleep, startParley, stopGracefully, type ParleyProcess } from "./fault-kit";
import { eventually, startProviderStandIn } from "../notifications/stand-ins";
import { openOwnTestDatabase } from "../support/test-context";

const TICKETS = 10;
const BOT = "42:kill-nine-token";

test("when the server is killed after tickets commit but before their alerts are delivered, then a restart delivers every alert", async () => {
  const provider = await startProviderStandIn();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "parley-notify-kill-"));
  const port = await freePort();
  // A database of its own on PostgreSQL: the worker's database holds earlier test files' outbox rows, whose
  // calls to stand-ins long gone time out one by one ahead of this test's alerts (on a busy CI machine, past
  // the wait for the first call below).
  const own = process.env.DATABASE_URL ? await openOwnTestDatabase() : undefined;
  const env = {
    ...(own?.databaseUrl ? { DATABASE_URL: own.databaseUrl } : { DATA_DIR: dataDir }),
    PORT: String(port),
    TELEGRAM_BOT_TOKEN: BOT,
    TELEGRAM_CHAT_ID: "7",
    TELEGRAM_API_URL: provider.url,
    NOTIFY_POLL_MS: "50",
    NOTIFY_TIMEOUT_MS: "1000",
    NOTIFY_RETRY_BASE_MS: "100",
    NOTIFY_RETRY_MAX_MS: "1000",
    // Each hung call times out after 1 s and is retried: with the default 12 attempts, an alert whose
    // ticket was posted early gave up for good while a busy CI machine was still posting the others (a
    // test that hung on the machine's speed). The kill, not the attempt budget, is what this test is about.
    NOTIFY_MAX_ATTEMPTS: "100",
  };
  const processes: ParleyProcess[] = [];
  try {
    // Every call hangs: the first process commits the tickets and claims their deliveries, never finishing one.
    provider.setDown({ hang: true });
    const first = startParley(env);
    processes.push(first);
    const base = await first.listening;
    const shop = shopUser();
    const tag = randomUUID().slice(0, 8);
    for (let i = 0; i < TICKETS; i++) {
      const res = await api(base, shop, "POST", "/api/tickets", {
        subject: `Kill ${tag} #${i}`,
        message: "m",
      });
      expect(res.status).toBe(201);
    }
    const tagged = () =>
      provider
        .on(`/bot${BOT}/sendMessage`)
        .filter((r) => ((r.json as { text?: string })?.text ?? "").includes(`Kill ${tag}`));
    // The tickets (#i) a call carried: one, or several in a digest.
    const ticketsIn = (r: { json: unknown }) =>
      [...(r.json as { text: string }).text.matchAll(new RegExp(`Kill ${tag} #(\\d+)\\n`, "g"))].map(
        (m) => m[1],
      );
    // At least one call is in flight: the kill lands between commit and delivery.
    await eventually(() => tagged().length > 0, "a call in flight", 30_000);
    first.child.kill("SIGKILL");
    await first.exited;
    const inFlight = new Set(tagged().flatMap(ticketsIn));

    provider.setDown(undefined);
    const answeredBefore = tagged().length;
    const second = startParley(env);
    processes.push(second);
    await second.listening;
    // Which alerts (ticket #i) each call after the restart carried: one each, or several in a digest.
    const carried = () => tagged().slice(answeredBefore).flatMap(ticketsIn);
    // Generous: a busy 2-core CI machine runs other test files' servers beside this one (it failed there once
    // at 60 s, not reproduced here); a success returns as soon as the last alert is in.
    await eventually(() => new Set(carried()).size === TICKETS, "every alert after the restart", 120_000);
    await sleep(500);
    // After the restart each alert was answered once: the calls left hanging before the kill were never
    // acknowledged, so they count as undelivered (at least once), and nothing is sent again once answered.
    const after = carried();
    for (let i = 0; i < TICKETS; i++) expect(after.filter((n) => n === String(i))).toHaveLength(1);
    console.log(
      `notify kill -9: ${inFlight.size} alert(s) were in flight at the kill; all ${TICKETS} delivered after the restart`,
    );
  } finally {
    for (const p of processes) if (p.alive()) await stopGracefully(p, 10_000);
    await provider.close();
    await own?.database.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}, 240_000);
