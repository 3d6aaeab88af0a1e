import {
  headlineParts,
  messageSnippetParts,
  parseTicketNumberQuery,
  prefixWords,
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

describe("messageSnippetParts (snippets the SQL word split misses)", () => {
  const snippet = (body: string, q: string) => messageSnippetParts(body, prefixWords(q));
  const marked = (parts: ReturnType<typeof snippet>) => parts?.filter((p) => p.match).map((p) => p.text);

  test("when the message writes the word full-width, vowelled or with Hindi marks, then it is marked as written", () => {
    expect(snippet("I asked for a ｒｅｆｕｎｄ", "refund")).toEqual([
      { text: "I asked for a ", match: false },
      { text: "ｒｅｆｕｎｄ", match: true },
    ]);
    expect(marked(snippet("أُرِيدُ اِسْتِرْدَادَ المَبْلَغِ", "استرداد"))).toEqual(["اِسْتِرْدَادَ"]);
    expect(marked(snippet("मुझे रिफ़ंड चाहिए", "रिफ़"))).toEqual(["रिफ़ंड"]);
  });

  test("when a query word begins no word of the message, then there is no snippet (all words required, as prefixes)", () => {
    expect(snippet("ｒｅｆｕｎｄ please", "refund order")).toBeNull();
    // "ord" must begin a word: inside "record" it does not.
    expect(snippet("ｒｅｆｕｎｄ record", "refund ord")).toBeNull();
    expect(snippet("anything", "")).toBeNull();
  });

  test("when several words match, then every written word one of them begins is marked, also inside order-1042", () => {
    expect(snippet("ｒｅｆｕｎｄ for ｏｒｄｅｒ-1042, order 1042", "refu 1042 ord")).toEqual([
      { text: "ｒｅｆｕｎｄ", match: true },
      { text: " for ", match: false },
      { text: "ｏｒｄｅｒ", match: true },
      { text: "-", match: false },
      { text: "1042", match: true },
      { text: ", ", match: false },
      { text: "order", match: true },
      { text: " ", match: false },
      { text: "1042", match: true },
    ]);
  });

  test("when the message is long, then the snippet is at most 24 words, starting up to 8 words before the first match", () => {
    const words = Array.from({ length: 60 }, (_, i) => `w${i}`);
    const text = (parts: ReturnType<typeof snippet>) => parts!.map((p) => p.text).join("");
    words[30] = "ｒｅｆｕｎｄ";
    expect(text(snippet(words.join(" "), "refund"))).toBe(words.slice(22, 46).join(" "));
    // Near the end, the window reaches back so it still holds 24 words.
    words[30] = "w30";
    words[57] = "ｒｅｆｕｎｄ";
    expect(text(snippet(words.join(" "), "refund"))).toBe(words.slice(36, 60).join(" "));
    // Near the start, it begins with the message.
    words[57] = "w57";
    words[2] = "ｒｅｆｕｎｄ";
    expect(text(snippet(words.join("\n"), "refund"))).toBe(words.slice(0, 24).join("\n"));
  });

  test("when the message holds control characters, then the snippet's text does not", () => {
    expect(snippet("ｒｅｆｕｎｄ\u0002 now\u0003", "refund")).toEqual([
      { text: "ｒｅｆｕｎｄ", match: true },
      { text: " now", match: false },
    ]);
  });
});
