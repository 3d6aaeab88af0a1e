import { randomUUID } from "node:crypto";
import request from "supertest";
import { expectContractError, useFaqContext } from "./faq-fixtures";

/**
 * A whole number in a query string (the contract's queryInt) names what is wrong with it: the range when the
 * number is out of it, "digits" only when it is not a number at all. Checked through two of its users: the
 * FAQ stats' `limit` and a signed attachment link's `exp`.
 */
const { ctx, admin } = useFaqContext();

const detail = (res: request.Response, path: string) => {
  expectContractError(res, 400, "VALIDATION_FAILED");
  return (res.body.error.details as Array<{ path: string; message: string }>).find((d) => d.path === path)
    ?.message;
};
const stats = (limit: string) => request(ctx.app).get("/api/faq/stats").set(admin.auth).query({ limit });

test("when the stats' limit is out of range, then the message says the range, not digits", async () => {
  expect(detail(await stats("0"), "limit")).toBe("Must be at least 1.");
  expect(detail(await stats("101"), "limit")).toBe("Must be at most 100.");
  // A number too long to be read exactly is still out of range, not "not a number".
  expect(detail(await stats("9".repeat(400)), "limit")).toBe("Must be at most 100.");
  expect((await stats("100")).status).toBe(200);
});

test("when the stats' limit is not written in digits, then the message says digits", async () => {
  for (const limit of ["ten", "0x10", "1e1", " 5", "-1", "1.5", ""]) {
    expect({ limit, message: detail(await stats(limit), "limit") }).toEqual({
      limit,
      message: "Must be a whole number written in digits.",
    });
  }
});

test("when a signed link's exp has 16 digits, then an out-of-range one says the range and an in-range one is read", async () => {
  const link = (exp: string) => request(ctx.app).get(`/api/attachments/${randomUUID()}?exp=${exp}&sig=abc`);
  expect(detail(await link("9999999999999999"), "exp")).toBe(`Must be at most ${Number.MAX_SAFE_INTEGER}.`);
  // Within range, the link is read and only then refused: its signature is wrong.
  expectContractError(await link("1000000000000000"), 401, "UNAUTHENTICATED");
});
