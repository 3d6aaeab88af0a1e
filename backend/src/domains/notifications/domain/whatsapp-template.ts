import { shorten } from "../../../shared/text";
import type { RenderedAlert } from "./notification";

/**
 * The longest title and preview a template's variables carry: Meta caps a template's body at 1,024
 * characters with its variables filled in, and the template's own words and the link need room too.
 */
export const TEMPLATE_TITLE_MAX = 200;
export const TEMPLATE_PREVIEW_MAX = 400;

/** Line breaks and tabs (Unicode's too), with the spaces around them. */
const BREAKS = /\s*[\r\n\t\v\f\u0085\u2028\u2029]+\s*/g;

/**
 * One body variable as WhatsApp takes it: Meta refuses a parameter that holds a line break or a tab, more
 * than four spaces in a row, or nothing at all (the whole send is a 400). Breaks become " · ", runs of
 * spaces one space, and an empty value a dash.
 */
export function templateParameter(text: string, max: number): string {
  const flat = text.trim().replace(BREAKS, " · ").replace(/ {2,}/g, " ");
  return shorten(flat, max) || "–";
}

/**
 * An alert (or a digest) as the three body variables of the desk's template: {{1}} the title (shop, ticket
 * number and subject; a digest's count), {{2}} the preview (the message; a digest's titles), {{3}} the link.
 */
export function templateParameters(alert: RenderedAlert): [string, string, string] {
  return [
    templateParameter(alert.title, TEMPLATE_TITLE_MAX),
    templateParameter(alert.preview, TEMPLATE_PREVIEW_MAX),
    templateParameter(alert.link, 1000),
  ];
}
