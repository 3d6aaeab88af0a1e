import request from "supertest";
import type { Actor, TestContext } from "../support/test-context";
import { createTestServer, type TestServer } from "../support/test-server";
import { startedBeforeAll } from "../support/started-before-all";
import { ticketApi, useTicketContext } from "../tickets/helpers";

/** Calls of the team API (issue 16). */
export function teamApi(ctx: Pick<TestContext, "app">) {
  return {
    listAdmins: (as: Actor) => request(ctx.app).get("/api/admins").set(as.auth),
    createAdmin: (as: Actor, body: unknown) =>
      request(ctx.app)
        .post("/api/admins")
        .set(as.auth)
        .send(body as object),
    setActive: (as: Actor, id: string, active: boolean) =>
      request(ctx.app)
        .patch(`/api/admins/${encodeURIComponent(id)}`)
        .set(as.auth)
        .send({ active }),
    bulk: (as: Actor, body: unknown) =>
      request(ctx.app)
        .post("/api/tickets/bulk")
        .set(as.auth)
        .send(body as object),
    merge: (as: Actor, id: string, intoTicketId: unknown) =>
      request(ctx.app).post(`/api/tickets/${id}/merge`).set(as.auth).send({ intoTicketId }),
    tags: (as: Actor, id: string, tags: unknown) =>
      request(ctx.app).put(`/api/tickets/${id}/tags`).set(as.auth).send({ tags }),
    rate: (as: Actor, id: string, body: unknown) =>
      request(ctx.app)
        .post(`/api/tickets/${id}/satisfaction`)
        .set(as.auth)
        .send(body as object),
    settings: (as: Actor, body?: unknown) =>
      body === undefined
        ? request(ctx.app).get("/api/team/settings").set(as.auth)
        : request(ctx.app)
            .put("/api/team/settings")
            .set(as.auth)
            .send(body as object),
  };
}

/**
 * Parley listening on a free port, with real socket.io, on this file's test database (createTestServer,
 * with `env`'s settings), and the ticket and team APIs on it. The server carries its modules, as a TestContext does.
 */
export function useTeamServer(env: Record<string, string> = {}) {
  const srv = startedBeforeAll<TestServer & Pick<TestContext, "modules">>(async () => {
    const server = await createTestServer({ env });
    return { ...server, modules: server.server.modules };
  });
  return { srv, api: ticketApi(srv), team: teamApi(srv) };
}

/** The app without a listening server (createTestContext, `ownDatabase` as there), and the ticket and team APIs. */
export function useTeamContext(opts: { ownDatabase?: boolean } = {}) {
  const { ctx, api } = useTicketContext(opts);
  return { ctx, api, team: teamApi(ctx) };
}
