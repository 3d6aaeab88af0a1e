/**
 * A deactivation reaches the other server processes as a message (the PostgreSQL adapter's NOTIFY), which a
 * process may miss: its listener down for a moment while the process stays up. That process then kept the
 * deactivated admin's socket, hearing every ticket, until the token expired. Here the deactivation is
 * written straight into the database, as a lost message leaves it for this process: the periodic re-check
 * (ACCOUNT_RECHECK_MS, short here) must disconnect that socket within a sweep, and leave an active admin's
 * and a shop's sockets alone. Real server, real database, real socket.io, on both databases.
 */
import type { Socket } from "socket.io-client";
import { record } from "../support/test-server";
import { useTeamServer } from "../team/helpers";

const RECHECK_MS = 200;
const { srv, api } = useTeamServer({ ACCOUNT_RECHECK_MS: String(RECHECK_MS) });

/** Resolves with the socket's disconnect reason, or "still connected" if none came within `ms`. */
function endOf(socket: Socket, ms: number): Promise<string> {
  if (!socket.connected) return Promise.resolve("already disconnected");
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve("still connected"), ms);
    socket.once("disconnect", (reason) => {
      clearTimeout(timer);
      resolve(reason);
    });
  });
}

test("when an admin's deactivation never reached this process (written in the database only), then the re-check disconnects their socket and leaves active accounts' sockets alone", async () => {
  const lead = await srv.admin({ name: "Lead" });
  const member = await srv.admin({ name: "Member" });
  const shop = await srv.shopUser();
  const leadSocket = await srv.connect(lead);
  const memberSocket = await srv.connect(member);
  const shopSocket = await srv.connect(shop);
  const memberHeard = record(memberSocket, "ticket:created");

  // What PATCH /api/admins/:id {active: false} commits, without its disconnect or its message to the processes.
  await srv.database
    .knex("users")
    .where({ id: member.userId })
    .update({ active: false, deactivated_at: new Date() });

  // Generous: a busy machine may delay sweeps, never skip them (the bound only ends a failing wait).
  expect(await endOf(memberSocket, 50 * RECHECK_MS)).toBe("io server disconnect");
  // The same sweep read the others' accounts: they are still connected and still hear events.
  expect([leadSocket.connected, shopSocket.connected]).toEqual([true, true]);
  const leadHears = new Promise((resolve) => leadSocket.once("ticket:created", resolve));
  const shopHears = new Promise((resolve) => shopSocket.once("ticket:created", resolve));
  await api.ticket(shop);
  await Promise.all([leadHears, shopHears]);
  expect(memberHeard).toEqual([]);
  // Its reconnection is refused as the handshake refuses any deactivated account.
  await expect(srv.connect(member)).rejects.toThrow("UNAUTHENTICATED");
});
