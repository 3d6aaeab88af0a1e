import { ATTACHMENT_LINKS_MAX } from "@parley/contract";
import { ApiError } from "../../../services/api/client";
import { createLinkBatch } from "./link-batch";

const id = (k: number) => `c0000000-0000-4000-8000-${String(k).padStart(12, "0")}`;
const linkOf = (i: string) => ({ url: `/f/${i}`, expiresAt: "2026-12-07T10:00:00.000Z" });

test("links asked in one turn come from requests of at most the contract's maximum, each id once", async () => {
  const asked: string[][] = [];
  const batch = createLinkBatch((ids) => {
    asked.push(ids);
    return Promise.resolve({ items: ids.map((i) => ({ id: i, ...linkOf(i) })) });
  });
  const ids = Array.from({ length: ATTACHMENT_LINKS_MAX + 5 }, (_, k) => id(k));
  const answers = await Promise.all([...ids, ids[0]!.toUpperCase()].map((i) => batch.load(i)));

  expect(asked.map((a) => a.length)).toEqual([ATTACHMENT_LINKS_MAX, 5]);
  expect(answers[0]).toEqual(linkOf(ids[0]!));
  expect(answers.at(-1)).toEqual(linkOf(ids[0]!));
  // A later turn is a new request.
  await batch.load(id(1));
  expect(asked).toHaveLength(3);
});

test("an id the server leaves out is a 404 for that id alone; a failed request fails each of its ids", async () => {
  let fail = false;
  const batch = createLinkBatch((ids) =>
    fail
      ? Promise.reject(new ApiError(503, "UNAVAILABLE", "Try again."))
      : Promise.resolve({ items: ids.filter((i) => i !== id(2)).map((i) => ({ id: i, ...linkOf(i) })) }),
  );
  const [found, missing] = await Promise.allSettled([batch.load(id(1)), batch.load(id(2))]);
  expect(found).toEqual({ status: "fulfilled", value: linkOf(id(1)) });
  expect(missing).toMatchObject({ status: "rejected", reason: { status: 404, code: "NOT_FOUND" } });

  fail = true;
  const both = await Promise.allSettled([batch.load(id(1)), batch.load(id(3))]);
  expect(both.map((r) => r.status === "rejected" && (r.reason as ApiError).status)).toEqual([503, 503]);
});
