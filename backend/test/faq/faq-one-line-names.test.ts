import request from "supertest";
import { createArticle, expectContractError, useFaqContext } from "./faq-fixtures";

/**
 * An article's category (a heading and a filter chip) and its question (a list entry and a suggestion's
 * title) are one line each, as a ticket's subject is; the Markdown answer keeps its lines.
 */
const { ctx, admin } = useFaqContext();

test("when an article's category and question hold line breaks or control characters, then they are saved as one line", async () => {
  const created = await createArticle(ctx, admin, {
    category: "Pay\nouts\u0007",
    question: "Where is\r\nmy payout?\u2028",
    answer: "First line.\n\nSecond paragraph.",
  });
  const read = await request(ctx.app).get(`/api/faq/${created.id}`).set(admin.auth);
  expect(read.body).toMatchObject({
    category: "Pay outs",
    question: "Where is my payout?",
    answer: "First line.\n\nSecond paragraph.",
  });

  const edited = await request(ctx.app)
    .patch(`/api/faq/${created.id}`)
    .set(admin.auth)
    .send({ category: "Late\tpayouts", question: "Why\nlate?" });
  expect(edited.status).toBe(200);
  expect(edited.body).toMatchObject({ category: "Late payouts", question: "Why late?" });
});

test("when a category or question is only line breaks, then 400 VALIDATION_FAILED naming the field", async () => {
  for (const field of ["category", "question"]) {
    const res = await request(ctx.app)
      .post("/api/faq")
      .set(admin.auth)
      .send({
        audience: "both",
        category: "Testing",
        question: "Why?",
        answer: "Because.",
        [field]: "\r\n\t",
      });
    expectContractError(res, 400, "VALIDATION_FAILED");
    expect({ field, details: res.body.error.details }).toEqual({
      field,
      details: expect.arrayContaining([expect.objectContaining({ path: field })]),
    });
  }
});
