import { toPrefixTsquery, toSearchText } from "./search";

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
