/**
 * Findings of an audit of the visitor chat and token checks (session 35). Each test answered wrongly before
 * its fix: a refused message reopened a closed conversation; a token naming a session that does not exist
 * was 404 on downloads (and connected a socket) but 401 on uploads; an `exp` of 1e300 (no date at all) was accepted.
 * Real server, real PGlite, real HTTP and socket.io.
 */
import { createHmac, randomUUID } from "node:crypto";
import request from "supertest";
import jwt from "jsonwebtoken";
import { VISITOR_TOKEN_AUDIENCE } from "@parley/contract";
import { createTestServer, type TestServer } from "../support/test-server";
import { TEST_SECRET, type Actor } from "../support/test-context";
import { inOneHour, rawToken } from "../support/tokens";
import { expectError, ticketApi } from "../tickets/helpers";
import { attachmentApi, png } from "../attachments/helpers";
import { visitorSocket } from "../visitors/helpers";
import { TOKEN_EXP_MAX_S, VISITOR_TOKEN_TTL_S } from "../../src/platform/auth/token";

let srv: TestServer;
let api: ReturnType<typeof ticketApi>;
let files: ReturnType<typeof attachmentApi>;
beforeAll(async () => {
  srv = await createTestServer();
  api = ticketApi(srv as never);
  files = attachmentApi(srv.app);
});
afterAll(() => srv.close());

type Visitor = { token: string; sessionId: string; auth: { Authorization: string } };
type Upload = Awaited<ReturnType<ReturnType<typeof attachmentApi>["uploaded"]>>;

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
/** The attachment helpers take an Actor for its `auth` header only. */
const as = (token: string) => ({ auth: bearer(token) }) as unknown as Actor;

async function visitor(name = "Audit Visitor"): Promise<Visitor> {
  const res = await request(srv.app).post("/api/visitor/sessions").send({ name });
  expect(res.status).toBe(201);
  const token = res.body.visitorToken as string;
  return { token, sessionId: (jwt.decode(token) as { sub: string }).sub, auth: bearer(token) };
}

const say = (token: string, body: Record<string, unknown>) =>
  request(srv.app).post("/api/visitor/messages").set(bearer(token)).send(body);
const readAs = (token: string) => request(srv.app).get("/api/visitor/messages").set(bearer(token));

/** A visitor token as the server signs one (token.ts signVisitor), for any session id, with the test's secret. */
const visitorToken = (sessionId: string, opts: jwt.SignOptions = { expiresIn: VISITOR_TOKEN_TTL_S }) =>
  rawToken({}, { subject: sessionId, audience: VISITOR_TOKEN_AUDIENCE, ...opts });

const b64 = (s: string) => Buffer.from(s).toString("base64url");
/**
 * An HS256 token over this exact payload text, signed with the test's secret: JSON numbers such as 1e400
 * (Infinity once parsed) cannot be written through JSON.stringify.
 */
function signedPayload(payloadJson: string): string {
  const signingInput = `${b64('{"alg":"HS256","typ":"JWT"}')}.${b64(payloadJson)}`;
  return `${signingInput}.${createHmac("sha256", TEST_SECRET).update(signingInput).digest("base64url")}`;
}

/** Whether the socket handshake with these auth fields is accepted; a refusal gives its message. */
async function handshake(auth: { token: string } | { visitorToken: string }): Promise<"connected" | string> {
  try {
    if ("visitorToken" in auth) await visitorSocket(srv, auth.visitorToken);
    else await srv.connect(auth);
    return "connected";
  } catch (err) {
    return (err as Error).message;
  }
}

describe("a refused visitor message leaves a closed conversation closed", () => {
  test("when the visitor's message to a closed conversation is refused, then the ticket stays closed and holds no new message; a valid one then reopens it", async () => {
    const v = await visitor("Returning Rita");
    const first = await say(v.token, { body: "Where is my order?" });
    expect(first.status).toBe(201);
    const ticketId = first.body.ticketId as string;
    const admin = await srv.admin();
    expect((await api.patch(admin, ticketId, { status: "closed" })).body.status).toBe("closed");
    const eventsBefore = (await api.events(admin, ticketId)).body.items as unknown[];

    const stranger = await visitor("Someone Else");
    const theirs = await files.uploaded(as(stranger.token), await png(), "not-rita.png");
    const refused = [
      // Another visitor's upload: refused inside the post (VALIDATION_FAILED), after the conversation was
      // already reopened before the fix.
      await say(v.token, { body: "Here is a screenshot", attachmentIds: [theirs.id] }),
      // An upload that does not exist at all.
      await say(v.token, { body: "And another", attachmentIds: [randomUUID()] }),
    ];
    for (const res of refused) {
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(res.body.error.code).toEqual(expect.any(String));
    }

    const ticket = await api.get(admin, ticketId);
    expect(ticket.body).toMatchObject({ status: "closed", closedAt: expect.any(String) });
    const messages = (await api.messages(admin, ticketId)).body.items as Array<{ body: string }>;
    expect(messages.map((m) => m.body)).toEqual(["Where is my order?"]);
    // Nothing on the timeline either: no reopening that a refused message left behind.
    expect((await api.events(admin, ticketId)).body.items).toEqual(eventsBefore);
    // The other visitor's upload is still theirs to send.
    expect((await say(stranger.token, { body: "Mine", attachmentIds: [theirs.id] })).status).toBe(201);

    const mine = await files.uploaded(as(v.token), await png(), "rita.png");
    const accepted = await say(v.token, { body: "It has still not arrived", attachmentIds: [mine.id] });
    expect(accepted.status).toBe(201);
    expect(accepted.body.ticketId).toBe(ticketId);
    expect((accepted.body.attachments as Upload[]).map((a) => a.id)).toEqual([mine.id]);
    expect((await api.get(admin, ticketId)).body).toMatchObject({ status: "open", closedAt: null });
    const after = (await api.messages(admin, ticketId)).body.items as Array<{ body: string }>;
    expect(after.map((m) => m.body)).toEqual(["Where is my order?", "It has still not arrived"]);
    type TimelineEvent = { type: string; from: string | null; to: string | null };
    const timeline = (await api.events(admin, ticketId)).body.items as TimelineEvent[];
    const statusEvents = timeline.filter((e) => e.type === "status");
    expect(statusEvents.at(-1)).toMatchObject({ from: "closed", to: "open" });
  });
});

describe("a visitor token whose session does not exist is 401 wherever a visitor token is accepted", () => {
  test("when the hand-signed token names an existing session, then it is accepted (the signing matches the server's)", async () => {
    const v = await visitor();
    const res = await readAs(visitorToken(v.sessionId));
    expect(res.status).toBe(200);
  });

  test("when a correctly signed visitor token names no session, then reads, writes, uploads, downloads, links and the socket all refuse it as UNAUTHENTICATED", async () => {
    const owner = await visitor("Owner");
    const upload = await files.uploaded(as(owner.token), await png(), "owner.png");
    const ghost = visitorToken(randomUUID());

    expectError(await readAs(ghost), 401, "UNAUTHENTICATED");
    expectError(await say(ghost, { body: "hello?" }), 401, "UNAUTHENTICATED");
    expectError(await files.upload(as(ghost), await png(), "ghost.png"), 401, "UNAUTHENTICATED");
    for (const id of [upload.id, randomUUID()]) {
      for (const path of [
        `/api/attachments/${id}`,
        `/api/attachments/${id}/thumbnail`,
        `/api/attachments/${id}/link`,
      ]) {
        expectError(await files.download(as(ghost), path), 401, "UNAUTHENTICATED");
      }
    }
    expect(await handshake({ visitorToken: ghost })).toBe("UNAUTHENTICATED");
  });

  test("when an existing visitor asks for another visitor's attachment, then it is still 404, never a hint that it exists", async () => {
    const owner = await visitor("Owner");
    const upload = await files.uploaded(as(owner.token), await png(), "owner.png");
    const other = await visitor("Other");
    expectError(await files.download(as(other.token), upload.url), 404, "NOT_FOUND");
    expectError(
      await files.download(as(other.token), `/api/attachments/${upload.id}/link`),
      404,
      "NOT_FOUND",
    );
    expect((await files.download(as(owner.token), upload.url)).status).toBe(200);
    expect(await handshake({ visitorToken: other.token })).toBe("connected");
  });
});

describe("an exp past the year 9999 is refused; any lifetime a host means is not", () => {
  const now = () => Math.floor(Date.now() / 1000);
  const DAY = 24 * 3600;
  /** Past any date (1e400 parses as Infinity), yet numbers jsonwebtoken checks only against the past. */
  const absurdExps = () => ["1e300", "1e400", String(TOKEN_EXP_MAX_S + 1)];

  const userPayload = (exp: string, extra = "") =>
    `{"sub":"u-${randomUUID()}","role":"admin","name":"Exp Tester","exp":${exp}${extra}}`;
  const visitorPayload = (sessionId: string, exp: string, extra = "") =>
    `{"sub":"${sessionId}","aud":"${VISITOR_TOKEN_AUDIENCE}","exp":${exp}${extra}}`;

  test("when a user token's exp is absurd, then the API and the socket refuse it with 401", async () => {
    for (const exp of absurdExps()) {
      const token = signedPayload(userPayload(exp));
      const res = await request(srv.app).get("/api/tickets").set(bearer(token));
      expectError(res, 401, "UNAUTHENTICATED");
      expect({ exp, socket: await handshake({ token }) }).toEqual({ exp, socket: "UNAUTHENTICATED" });
    }
  });

  test("when a visitor token's exp is absurd, then every visitor route and the socket refuse it with 401", async () => {
    const v = await visitor();
    const upload = await files.uploaded(as(v.token), await png(), "mine.png");
    for (const exp of absurdExps()) {
      const token = signedPayload(visitorPayload(v.sessionId, exp));
      expectError(await readAs(token), 401, "UNAUTHENTICATED");
      expectError(await say(token, { body: "hi" }), 401, "UNAUTHENTICATED");
      expectError(await files.upload(as(token), await png(), "x.png"), 401, "UNAUTHENTICATED");
      expectError(await files.download(as(token), upload.url), 401, "UNAUTHENTICATED");
      expect({ exp, socket: await handshake({ visitorToken: token }) }).toEqual({
        exp,
        socket: "UNAUTHENTICATED",
      });
    }
  });

  test("when a token lives an hour, the server's own longest, a host's ten years, to 9999 or with a fraction, then it is accepted", async () => {
    const v = await visitor();
    const lifetimes = [
      inOneHour(),
      now() + VISITOR_TOKEN_TTL_S,
      now() + 3650 * DAY,
      TOKEN_EXP_MAX_S,
      now() + 3600.5,
    ];
    for (const exp of lifetimes) {
      const user = signedPayload(userPayload(String(exp)));
      expect((await request(srv.app).get("/api/tickets").set(bearer(user))).status).toBe(200);
      expect((await readAs(signedPayload(visitorPayload(v.sessionId, String(exp))))).status).toBe(200);
    }
  });

  test("when iat or nbf are nonsense, then the answer is 200 or 401, never a 500", async () => {
    const v = await visitor();
    const nonsense = [
      `"iat":"yesterday"`,
      `"iat":1e300`,
      `"iat":1e400`,
      `"iat":-1e400`,
      `"iat":{"a":1}`,
      `"iat":null`,
      `"nbf":"soon"`,
      `"nbf":1e300`,
      `"nbf":1e400`,
      `"nbf":-1e400`,
      `"nbf":[1]`,
      `"nbf":null`,
      `"iat":1e300,"nbf":-1`,
    ];
    for (const claim of nonsense) {
      const exp = String(inOneHour());
      const user = signedPayload(userPayload(exp, `,${claim}`));
      const visitorT = signedPayload(visitorPayload(v.sessionId, exp, `,${claim}`));
      for (const res of [
        await request(srv.app).get("/api/tickets").set(bearer(user)),
        await readAs(visitorT),
        await files.upload(as(visitorT), await png(), "x.png"),
      ]) {
        expect({ claim, answered: [200, 201, 401].includes(res.status) }).toEqual({ claim, answered: true });
        if (res.status === 401) expect(res.body.error.code).toBe("UNAUTHENTICATED");
      }
      expect(["connected", "UNAUTHENTICATED"]).toContain(await handshake({ token: user }));
      expect(["connected", "UNAUTHENTICATED"]).toContain(await handshake({ visitorToken: visitorT }));
    }
    // A not-before in the future, or one that is not a number, is a token not (yet) valid: 401.
    for (const claim of [`"nbf":1e300`, `"nbf":"soon"`]) {
      const user = signedPayload(userPayload(String(inOneHour()), `,${claim}`));
      expectError(await request(srv.app).get("/api/tickets").set(bearer(user)), 401, "UNAUTHENTICATED");
    }
  });
});
