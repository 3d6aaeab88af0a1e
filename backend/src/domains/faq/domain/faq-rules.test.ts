import {
  missedSearch,
  normalizeSearch,
  prefixQueries,
  searchTerms,
  wordsToFold,
  MAX_SEARCH_TERMS,
} from "./search";
import { anonymousClientData, visibleAudiences, voterKey } from "./article";
import { deflectionRate } from "./deflection";
import { renderAnswer } from "./markdown";

describe("search terms", () => {
  test("when a query has operators and punctuation, then only its words remain, lowercased and unique", () => {
    expect(searchTerms(`My "payout" & | ! (late):* <-> PAYOUT`)).toEqual(["my", "payout", "late"]);
  });

  test("when a query is long, then the words are capped", () => {
    expect(searchTerms(Array.from({ length: 100 }, (_, i) => `w${i}`).join(" "))).toHaveLength(
      MAX_SEARCH_TERMS,
    );
  });

  test("when a long word is cut, then never inside a character beyond the basic plane", () => {
    // 𠀀 (CJK Extension B) is a letter written as two UTF-16 units: 63 a's then it would be cut in half.
    const [term] = searchTerms(`${"a".repeat(63)}\u{20000}b`);
    expect(term).toBe("a".repeat(63));
    const [joined] = prefixQueries([`${"a".repeat(31)}-${"b".repeat(32)}\u{20000}`.slice(0, 66)]);
    expect(joined).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
  });

  test("when a query has no letters or digits, then there are no terms", () => {
    expect(searchTerms(" &|!:*() '\" ")).toEqual([]);
  });

  test("when terms become prefix queries, then each is quoted", () => {
    expect(prefixQueries(["payout", "it's"])).toEqual(["'payout':*", "'it''s':*"]);
  });

  test("when a word is hyphenated, then it is one term of its words; hyphens between words are not", () => {
    expect(searchTerms("Change e-mail (e\u2011mail) - state-of-the-art -x")).toEqual([
      "change",
      "e-mail",
      "state-of-the-art",
      "x",
    ]);
    expect(searchTerms(Array.from({ length: 40 }, (_, i) => `w${i}`).join("-"))).toEqual([
      Array.from({ length: MAX_SEARCH_TERMS }, (_, i) => `w${i}`).join("-"),
    ]);
  });

  test("when terms are folded, then each matches as typed or folded, apart or together", () => {
    const terms = ["café", "e-mail", "zürich-genève", "donʼt", "payout"];
    expect(wordsToFold(terms)).toEqual(["café", "zürich", "genève", "zürichgenève", "donʼt"]);
    const folded = new Map([
      ["café", "cafe"],
      ["zürich", "zurich"],
      ["genève", "geneve"],
      ["zürichgenève", "zurichgeneve"],
      ["donʼt", "don't"],
    ]);
    expect(prefixQueries(terms, folded)).toEqual([
      "'café':* | 'cafe':*",
      "('e':* & 'mail':*) | 'email':*",
      "('zürich':* & 'genève':*) | 'zürichgenève':* | ('zurich':* & 'geneve':*) | 'zurichgeneve':*",
      "'donʼt':* | ('don':* & 't':*)",
      "'payout':*",
    ]);
  });

  test("when a search event's query is stored, then it is trimmed, lowercased, collapsed and capped", () => {
    expect(normalizeSearch("  Crypto \n  PAYOUTS\u0001 ")).toBe("crypto payouts");
    expect(normalizeSearch("x".repeat(500))).toHaveLength(200);
  });

  test("when a missed search is recorded, then it is the search's terms: folded as the search folds, capped", () => {
    expect(missedSearch("  Crypto \n  PAYOUTS\u0001 ")).toBe("crypto payouts");
    expect(missedSearch("ｒｅｆｕｎｄ")).toBe(missedSearch("Refund?"));
    expect(missedSearch("e-mail ＥＭＡＩＬ")).toBe("e-mail email");
    expect(
      missedSearch(Array.from({ length: 32 }, (_, i) => `w${i}${"x".repeat(9)}`).join(" ")),
    ).toHaveLength(200);
    expect(missedSearch("?!")).toBe("");
  });
});

describe("audience", () => {
  test("when nobody is signed in, then customers' articles; a shop token: shops'; an admin: all", () => {
    expect(visibleAudiences(undefined)).toEqual(["customer", "both"]);
    expect(visibleAudiences({ role: "shop" })).toEqual(["shop", "both"]);
    expect(visibleAudiences({ role: "admin" })).toBeNull();
  });

  test("when an audience is asked for, then it wins", () => {
    expect(visibleAudiences(undefined, "shop")).toEqual(["shop", "both"]);
    expect(visibleAudiences({ role: "shop" }, "customer")).toEqual(["customer", "both"]);
    expect(visibleAudiences({ role: "admin" }, "customer")).toEqual(["customer", "both"]);
  });

  test("when a vote comes in, then the token's user wins over the browser id, and that over the client", () => {
    expect(voterKey({ userId: "u1" }, "b1", "c1")).toBe("user:u1");
    expect(voterKey(undefined, "b1", "c1")).toBe("browser:b1");
    expect(voterKey(undefined, undefined, "c1")).toBe("client:c1");
  });

  test("when an anonymous client is described, then its address and User-Agent both matter", () => {
    expect(anonymousClientData("203.0.113.7", "UA/1")).toBe("203.0.113.7\nUA/1");
    expect(anonymousClientData("::ffff:203.0.113.7", "UA/1")).toBe(
      anonymousClientData("203.0.113.7", "UA/1"),
    );
    expect(anonymousClientData("203.0.113.7", "UA/2")).not.toBe(anonymousClientData("203.0.113.7", "UA/1"));
    expect(anonymousClientData("2001:db8::1", undefined)).toBe("2001:db8::1\n");
  });
});

describe("deflection and Markdown", () => {
  test("when there are no sessions, then the rate is 0; otherwise deflected / sessions", () => {
    expect(deflectionRate({ sessions: 0, deflected: 0, filed: 0 })).toBe(0);
    expect(deflectionRate({ sessions: 3, deflected: 1, filed: 1 })).toBe(0.3333);
  });

  test("when a link is relative or protocol-relative, then it loses its href", () => {
    expect(renderAnswer("[a](/x) [b](//evil.example)")).toBe("<p><a>a</a> <a>b</a></p>");
  });
});
