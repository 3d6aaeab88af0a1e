/**
 * Markdown-lite for chat messages: a tiny parser that turns a message body into a tree of plain
 * strings and a few node kinds (paragraph lines, lists, ``` code blocks, `code`, **bold**, links). It never produces
 * HTML: MessageBody renders the tree as React elements, so every character of the body is text and
 * no tag, attribute or entity in a message can ever reach the DOM as markup.
 */

export type Inline =
  | { type: "text"; text: string }
  | { type: "code"; text: string }
  | { type: "strong"; children: Inline[] }
  | { type: "link"; href: string; text: string };

export type Block =
  /** Lines of one paragraph: rendered with a line break between them. */
  | { type: "paragraph"; lines: Inline[][] }
  | { type: "list"; ordered: boolean; start: number; items: Inline[][] }
  /** A fenced block (```): its lines exactly as written, nothing in them parsed. */
  | { type: "code"; text: string };

const BULLET = /^\s*[-*•]\s+(.*)$/;
const NUMBERED = /^\s*(\d{1,9})[.)]\s+(.*)$/;
// A fence opens with three or more backticks and an optional language ("```js"); a backtick after them
// makes it inline code ("```npm ci```"), as in CommonMark. It closes with at least as many.
const FENCE_OPEN = /^\s*(`{3,})[^`]*$/;
const FENCE_CLOSE = /^\s*(`{3,})\s*$/;

// A URL runs until whitespace or a character that cannot be part of one in running text.
const URL_RE = /\b(?:https?:\/\/|www\.)[^\s<>"'`]+/gi;
// Punctuation that ends a sentence rather than the URL ("see https://x.io/a.").
const TRAILING = /[.,;:!?'"\u2019\u201d]+$/;

/** Only http(s) links, parsed and re-serialised: no javascript:, data:, or other scheme ever. */
export function safeHref(raw: string): string | null {
  const candidate = /^www\./i.test(raw) ? `https://${raw}` : raw;
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  return url.href;
}

/** Strips punctuation after a URL and any closing bracket that has no opening one inside it. */
function trimUrl(raw: string): string {
  let url = raw.replace(TRAILING, "");
  for (const [open, close] of [
    ["(", ")"],
    ["[", "]"],
  ] as const) {
    while (url.endsWith(close) && url.split(open).length < url.split(close).length) {
      url = url.slice(0, -1).replace(TRAILING, "");
    }
  }
  return url;
}

function linkify(text: string, out: Inline[]) {
  let last = 0;
  for (const m of text.matchAll(URL_RE)) {
    const raw = trimUrl(m[0]);
    const href = safeHref(raw);
    if (!href || raw.length === 0) continue;
    const start = m.index;
    if (start > last) out.push({ type: "text", text: text.slice(last, start) });
    out.push({ type: "link", href, text: raw });
    last = start + raw.length;
  }
  if (last < text.length) out.push({ type: "text", text: text.slice(last) });
}

function emphasis(text: string, out: Inline[]) {
  const re = /\*\*(?=\S)(.+?)(?<=\S)\*\*/g;
  let last = 0;
  for (const m of text.matchAll(re)) {
    if (m.index > last) linkify(text.slice(last, m.index), out);
    const children: Inline[] = [];
    linkify(m[1]!, children);
    out.push({ type: "strong", children });
    last = m.index + m[0].length;
  }
  if (last < text.length) linkify(text.slice(last), out);
}

/**
 * One line of text to inline nodes: `code` first (nothing inside it is parsed), then bold and links. Code
 * is fenced by a run of backticks and ends at a run as long ("``a`b``", "```npm ci```").
 */
export function parseInline(line: string): Inline[] {
  const out: Inline[] = [];
  const re = /(`+)(?!`)(.+?)(?<!`)\1(?!`)/g;
  let last = 0;
  for (const m of line.matchAll(re)) {
    if (m.index > last) emphasis(line.slice(last, m.index), out);
    out.push({ type: "code", text: m[2]! });
    last = m.index + m[0].length;
  }
  if (last < line.length) emphasis(line.slice(last), out);
  return out;
}

export function parseMessage(body: string): Block[] {
  const blocks: Block[] = [];
  let paragraph: Inline[][] | null = null;
  let list: Extract<Block, { type: "list" }> | null = null;
  // Inside a fenced block: its opening fence and the lines so far.
  let fence: { marker: string; lines: string[] } | null = null;

  for (const line of body.replace(/\r\n?/g, "\n").split("\n")) {
    if (fence) {
      const close = FENCE_CLOSE.exec(line);
      if (close && close[1]!.length >= fence.marker.length) {
        blocks.push({ type: "code", text: fence.lines.join("\n") });
        fence = null;
      } else fence.lines.push(line);
      continue;
    }
    const open = FENCE_OPEN.exec(line);
    if (open) {
      paragraph = null;
      list = null;
      fence = { marker: open[1]!, lines: [] };
      continue;
    }
    const bullet = BULLET.exec(line);
    const numbered = bullet ? null : NUMBERED.exec(line);
    if (bullet || numbered) {
      paragraph = null;
      const ordered = Boolean(numbered);
      if (!list || list.ordered !== ordered) {
        list = { type: "list", ordered, start: numbered ? Number(numbered[1]) : 1, items: [] };
        blocks.push(list);
      }
      list.items.push(parseInline(bullet ? bullet[1]! : numbered![2]!));
      continue;
    }
    list = null;
    if (line.trim() === "") {
      paragraph = null;
      continue;
    }
    if (!paragraph) {
      paragraph = [];
      blocks.push({ type: "paragraph", lines: paragraph });
    }
    paragraph.push(parseInline(line));
  }
  // A fence never closed runs to the end of the message (as in CommonMark): the text is all there.
  if (fence) blocks.push({ type: "code", text: fence.lines.join("\n") });
  return blocks;
}
