import {
  headlineParts,
  parseTicketNumberQuery,
  readTicketQuery,
  toPrefixTsquery,
  toSearchText,
} from "./search";

describe("toPrefixTsquery", () => {
  test("each word becomes a prefix term joined with &", () => {
    expect(toPrefixTsquery("Refu  order")).toBe("refu:* & order:*");
  });
  test("tsquery operators and quotes never survive", () => {
    const q = toPrefixTsquery(`a' & b | !c:* (d) <-> "e" \\f`);
    expect(q).toBe("a:* & b:* & c:* & d:* & e:* & f:*");
  });
  test("nothing searchable gives null", () => {
    expect(toPrefixTsquery("&|!:*()")).toBeNull();
    expect(toPrefixTsquery("   ")).toBeNull();
  });
  test("unicode words are kept, long input is capped", () => {
    expect(toPrefixTsquery("Zahlung rückerstattung 返金")).toBe("zahlung:* & rückerstattung:* & 返金:*");
    expect(toPrefixTsquery("w ".repeat(300) + "x".repeat(500))?.length).toBeLessThan(200);
  });
});

describe("toSearchText", () => {
  test("splits on everything but letters and digits, like the query side", () => {
    expect(toSearchText("Order-1042: user@Example.com, 3.5kg Rück-erstattung")).toBe(
      "order 1042 user example com 3 5kg rück erstattung",
    );
  });
});

describe("ticket number queries and headlines", () => {
  test("when the query is #87 or 87, then it is a number query (only with #)", () => {
    expect(parseTicketNumberQuery("#87")).toEqual({ number: 87, only: true });
    expect(parseTicketNumberQuery(" 87 ")).toEqual({ number: 87, only: false });
    expect(parseTicketNumberQuery("87 refund")).toBeNull();
    expect(parseTicketNumberQuery("#99999999999999999999")).toBeNull();
  });
  test("when the query is #0 or #-1, then it asks for that number only (no ticket has it), not a text search", () => {
    expect(parseTicketNumberQuery("#0")).toEqual({ number: 0, only: true });
    expect(parseTicketNumberQuery("#-1")).toEqual({ number: -1, only: true });
    expect(parseTicketNumberQuery("0")).toBeNull();
    expect(parseTicketNumberQuery("-1")).toBeNull();
  });
  test("when the digits are full-width (a Japanese keyboard), then they are a ticket number too", () => {
    expect(parseTicketNumberQuery("#７７")).toEqual({ number: 77, only: true });
    expect(parseTicketNumberQuery("＃７７")).toEqual({ number: 77, only: true });
    expect(parseTicketNumberQuery("７７")).toEqual({ number: 77, only: false });
  });
  test("when a queue, bulk or view filter reads q, then #2 is ticket 2 only and 2 is ticket 2 or text with 2", () => {
    expect(readTicketQuery("#2")).toEqual({ number: 2, numberOnly: true, tsquery: null, none: false });
    expect(readTicketQuery("2")).toEqual({ number: 2, numberOnly: false, tsquery: "2:*", none: false });
    expect(readTicketQuery("refund 2")).toEqual({
      number: null,
      numberOnly: false,
      tsquery: "refund:* & 2:*",
      none: false,
    });
    expect(readTicketQuery("  ")).toEqual({ number: null, numberOnly: false, tsquery: null, none: false });
  });
  test("when q has nothing searchable in it, then it matches no ticket (never every ticket)", () => {
    for (const q of ["!!!", ":*", "#", "' & | ! :* ("])
      expect(readTicketQuery(q)).toEqual({ number: null, numberOnly: false, tsquery: null, none: true });
  });
  test("when ts_headline marks matches, then they become parts and no marker leaks", () => {
    expect(headlineParts("my \u0002refund\u0003 for \u0002order\u0003 42")).toEqual([
      { text: "my ", match: false },
      { text: "refund", match: true },
      { text: " for ", match: false },
      { text: "order", match: true },
      { text: " 42", match: false },
    ]);
    expect(headlineParts("plain <b>text</b>")).toEqual([{ text: "plain <b>text</b>", match: false }]);
  });
});
