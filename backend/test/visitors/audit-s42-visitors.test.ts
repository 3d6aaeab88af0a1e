/**
 * Findings of an audit of visitor chat, ticket context and embedding through the public contract
 * (session 42). Each test answered wrongly before its fix: the API description of POST
 * /api/visitor/messages listed only 201, while a repeated clientMessageId is answered 200 with the first
 * message (a client generated from the description had no 200 to read). Real server, real database.
 */
import request from "supertest";
import { useTicketContext } from "../tickets/helpers";

const { ctx } = useTicketContext();

test("when a visitor repeats a clientMessageId, then the answer is 200 with the first message, and the API description lists that 200", async () => {
  const session = await request(ctx.app).post("/api/visitor/sessions").send({ name: "Ada" });
  expect(session.status).toBe(201);
  const auth = { Authorization: `Bearer ${session.body.visitorToken as string}` };
  const send = () =>
    request(ctx.app)
      .post("/api/visitor/messages")
      .set(auth)
      .send({ body: "Do you ship to Norway?", clientMessageId: "draft-1" });
  const first = await send();
  expect(first.status).toBe(201);
  const repeat = await send();
  expect(repeat.status).toBe(200);
  expect(repeat.body).toEqual(first.body);

  const docs = await request(ctx.app).get("/api/docs/openapi.json");
  expect(docs.status).toBe(200);
  const responses = docs.body.paths["/api/visitor/messages"].post.responses as Record<string, unknown>;
  expect(Object.keys(responses)).toEqual(expect.arrayContaining(["200", "201"]));
  expect(responses["200"]).toMatchObject({
    content: { "application/json": { schema: { $ref: "#/components/schemas/Message" } } },
  });
});
