import request from "supertest";
import { createTestContext, type TestContext, type Actor } from "../support/test-context";
import { startedBeforeAll } from "../support/started-before-all";

/**
 * This file's app (createTestContext, `ownDatabase` as there), made in beforeAll and closed in afterAll, with
 * the ticket API on it. A test file can destructure the fixture at the top.
 */
export function useTicketContext(opts: { ownDatabase?: boolean } = {}) {
  const ctx = startedBeforeAll(() => createTestContext({}, opts));
  return { ctx, api: ticketApi(ctx) };
}

/** Small helpers for the ticket API tests: each test makes its own shop, users and tickets. */
export function ticketApi(ctx: TestContext) {
  const api = {
    create: (as: Actor, body: Record<string, unknown> = {}) =>
      request(ctx.app)
        .post("/api/tickets")
        .set(as.auth)
        .send({ subject: "Order #1 never arrived", message: "Where is my parcel?", ...body }),
    async ticket(as: Actor, body: Record<string, unknown> = {}) {
      const res = await api.create(as, body);
      if (res.status !== 201) throw new Error(`create failed: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body as { id: string; number: number; message: { id: string } } & Record<string, unknown>;
    },
    get: (as: Actor, id: string) => request(ctx.app).get(`/api/tickets/${id}`).set(as.auth),
    list: (as: Actor, query: Record<string, string | number> = {}) =>
      request(ctx.app).get("/api/tickets").query(query).set(as.auth),
    patch: (as: Actor, id: string, body: unknown) =>
      request(ctx.app)
        .patch(`/api/tickets/${id}`)
        .set(as.auth)
        .send(body as object),
    messages: (as: Actor, id: string, query: Record<string, string | number> = {}) =>
      request(ctx.app).get(`/api/tickets/${id}/messages`).query(query).set(as.auth),
    post: (as: Actor, id: string, body: unknown) =>
      request(ctx.app)
        .post(`/api/tickets/${id}/messages`)
        .set(as.auth)
        .send(body as object),
    read: (as: Actor, id: string, body: unknown = {}) =>
      request(ctx.app)
        .post(`/api/tickets/${id}/read`)
        .set(as.auth)
        .send(body as object),
    // Every kind (include=all): the SLA clock's, tags, merges; GET /events alone gives the contract's four.
    events: (as: Actor, id: string) =>
      request(ctx.app).get(`/api/tickets/${id}/events?include=all`).set(as.auth),
  };
  return api;
}

export function expectError(res: request.Response, status: number, code: string) {
  expect({ status: res.status, code: res.body?.error?.code }).toEqual({ status, code });
  expect(res.body.error.message).toEqual(expect.any(String));
}
