import { parseInline, parseMessage, safeHref } from "./markdown-lite";

test("when a line has a URL, code and bold, then each becomes its own node and the rest stays text", () => {
  expect(parseInline("See https://example.com/a?b=1. Run `npm ci` **now**")).toEqual([
    { type: "text", text: "See " },
    { type: "link", href: "https://example.com/a?b=1", text: "https://example.com/a?b=1" },
    { type: "text", text: ". Run " },
    { type: "code", text: "npm ci" },
    { type: "text", text: " " },
    { type: "strong", children: [{ type: "text", text: "now" }] },
  ]);
});

test("when a URL is in brackets or ends a sentence, then the bracket and punctuation stay outside the link", () => {
  expect(parseInline("(see www.shop.io/x)!")).toEqual([
    { type: "text", text: "(see " },
    { type: "link", href: "https://www.shop.io/x", text: "www.shop.io/x" },
    { type: "text", text: ")!" },
  ]);
  // A bracket the URL itself opened is kept.
  expect(parseInline("https://en.wikipedia.org/wiki/Foo_(bar)")[0]).toMatchObject({
    href: "https://en.wikipedia.org/wiki/Foo_(bar)",
  });
});

test("when text is inside backticks, then nothing in it is parsed", () => {
  expect(parseInline("`https://x.io **y**`")).toEqual([{ type: "code", text: "https://x.io **y**" }]);
});

test("when a scheme is not http(s), then it is never a link", () => {
  for (const bad of ["javascript:alert(1)", "data:text/html,<script>", "vbscript:x", "JaVaScRiPt:alert(1)"]) {
    expect(safeHref(bad)).toBeNull();
    expect(parseInline(bad).every((n) => n.type === "text")).toBe(true);
  }
  // "javascript:" in front of a real URL: only the http part is linked, and to itself.
  const nodes = parseInline("javascript:https://evil.io");
  expect(nodes.filter((n) => n.type === "link")).toEqual([
    { type: "link", href: "https://evil.io/", text: "https://evil.io" },
  ]);
});

test("when a body has lines, blank lines and lists, then it becomes paragraphs with line breaks and lists", () => {
  const blocks = parseMessage("Hi,\nthanks.\n\nSteps:\n- one\n- two\n1. first\n2) second\nBye");
  expect(blocks.map((b) => b.type)).toEqual(["paragraph", "paragraph", "list", "list", "paragraph"]);
  expect(blocks[0]).toEqual({
    type: "paragraph",
    lines: [[{ type: "text", text: "Hi," }], [{ type: "text", text: "thanks." }]],
  });
  expect(blocks[2]).toMatchObject({ ordered: false, items: [[{ text: "one" }], [{ text: "two" }]] });
  expect(blocks[3]).toMatchObject({
    ordered: true,
    start: 1,
    items: [[{ text: "first" }], [{ text: "second" }]],
  });
});

test("when a body has a ``` fenced block, then its lines are one code block, kept exactly and parsed no further", () => {
  const body = "Run this:\n```bash\nnpm ci\n  echo **not bold** https://x.io <b>\n```\nThen reload.";
  expect(parseMessage(body)).toEqual([
    { type: "paragraph", lines: [[{ type: "text", text: "Run this:" }]] },
    { type: "code", text: "npm ci\n  echo **not bold** https://x.io <b>" },
    { type: "paragraph", lines: [[{ type: "text", text: "Then reload." }]] },
  ]);
});

test("when a fence is indented, longer, or never closed, then the block still holds the text up to its close or the end", () => {
  // A shorter fence inside a longer one is text; a list item before it ends.
  expect(parseMessage("- step\n  ````\nx\n```\n````")).toEqual([
    { type: "list", ordered: false, start: 1, items: [[{ type: "text", text: "step" }]] },
    { type: "code", text: "x\n```" },
  ]);
  expect(parseMessage("```\n- not a list\n\nstill code")).toEqual([
    { type: "code", text: "- not a list\n\nstill code" },
  ]);
});

test("when backticks wrap code on one line, then runs of them work as in CommonMark; an unmatched run is text", () => {
  expect(parseInline("Try ```npm ci``` now")).toEqual([
    { type: "text", text: "Try " },
    { type: "code", text: "npm ci" },
    { type: "text", text: " now" },
  ]);
  expect(parseInline("``a`b``")).toEqual([{ type: "code", text: "a`b" }]);
  expect(parseInline("`a` and `b`").filter((n) => n.type === "code")).toEqual([
    { type: "code", text: "a" },
    { type: "code", text: "b" },
  ]);
  expect(parseInline("`x``")).toEqual([{ type: "text", text: "`x``" }]);
});
