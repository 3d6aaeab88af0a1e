import type sanitizeHtml from "sanitize-html";

/**
 * markdown-it parses in time linear in the input (its emphasis and link scanners are bounded) and stops
 * nesting blocks at `maxNesting`, so `">\t"` repeated 10,000 times renders in under a millisecond (marked
 * overflowed the stack on it: a 500). Raw HTML and every link go through, and sanitize-html below keeps
 * the safe subset, as before. Answers are rendered once, at save (see faq.service.ts).
 *
 * Both are loaded at the first render, not at start: an admin saving an answer is rare, and the two with
 * what they load (postcss, htmlparser2, entities, linkify-it) kept a server that never renders a few MB
 * larger (docs/benchmarks.md, "Session 45").
 */
function loadRenderer() {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const MarkdownIt = require("markdown-it") as typeof import("markdown-it");
  const sanitize = require("sanitize-html") as typeof import("sanitize-html");
  /* eslint-enable @typescript-eslint/no-require-imports */
  const markdown = new MarkdownIt({ html: true, linkify: false, typographer: false, breaks: false });
  markdown.set({ maxNesting: 20 });
  // Links are judged by the sanitiser's one rule (http, https, mailto): an unsafe link loses its href there
  // instead of being left as literal text here.
  markdown.validateLink = () => true;
  return { markdown, sanitize };
}
let loaded: ReturnType<typeof loadRenderer> | undefined;

/** Rendered answers larger than this are refused at save (they are stored and sent with every list). */
export const ANSWER_HTML_MAX = 100_000;

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: ["p", "br", "a", "ul", "ol", "li", "strong", "em", "code", "pre", "h3", "h4", "blockquote"],
  allowedAttributes: { a: ["href", "rel", "target"] },
  allowedSchemes: ["http", "https", "mailto"],
  allowedSchemesAppliedToAttributes: ["href"],
  allowProtocolRelative: false,
  // Everything else is dropped but its text kept, except these, whose content goes too.
  nonTextTags: [
    "script",
    "style",
    "textarea",
    "option",
    "noscript",
    "iframe",
    "object",
    "embed",
    "svg",
    "math",
  ],
  transformTags: {
    h1: "h3",
    h2: "h3",
    h5: "h4",
    h6: "h4",
    b: "strong",
    i: "em",
    a: (tagName, original) => {
      const href = original.href;
      // Only absolute http(s) and mailto links survive; anything relative or odd loses its href.
      const safe = href && /^(https?:|mailto:)/i.test(href.trim()) ? href.trim() : undefined;
      const attribs: Record<string, string> = safe
        ? { href: safe, rel: "noopener noreferrer nofollow", target: "_blank" }
        : {};
      return { tagName, attribs };
    },
  },
};

/** Renders an answer's Markdown to HTML that keeps only a safe subset: no scripts, handlers or odd links. */
export function renderAnswer(source: string): string {
  const { markdown, sanitize } = (loaded ??= loadRenderer());
  return sanitize(markdown.render(source), SANITIZE).trim();
}
