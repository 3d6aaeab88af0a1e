import path from "node:path";
import sanitizeHtml from "sanitize-html";

// marked ships only ESM, which jest's CommonJS runtime cannot require; its UMD build is the same code.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Marked } = require(
  path.join(path.dirname(require.resolve("marked/package.json")), "lib/marked.umd.js"),
) as typeof import("marked");

const marked = new Marked({ gfm: true, breaks: false, async: false });

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
export function renderAnswer(markdown: string): string {
  const html = marked.parse(markdown) as string;
  return sanitizeHtml(html, SANITIZE).trim();
}
