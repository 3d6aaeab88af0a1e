import { z } from "zod";

/** Building blocks every part of the contract shares: ids, times, text rules, the error body. */

// No flags: the OpenAPI generator writes a regex's flags into its `pattern` (`…$/i`), which then matches nothing.
const UUID_RE = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/**
 * Any UUID version (ids come from gen_random_uuid(), but hosts may mint others), in lower case: PostgreSQL
 * reads every case as the same id and answers in lower case, so an id compared or used as a key in
 * JavaScript (a rate limit's, a list's "must not repeat") must be written one way too.
 */
export const uuid = (what = "id") =>
  z
    .string()
    .regex(UUID_RE, `Must be ${/^[aeiou]/i.test(what) ? "an" : "a"} ${what} (UUID).`)
    .overwrite((id) => id.toLowerCase());

/** A time as it travels in JSON: an ISO-8601 UTC string. */
export const isoTime = z.string().meta({ format: "date-time" });

const NOT_DIGITS = "Must be a whole number written in digits.";

/**
 * A whole number sent in a query string (`limit=25`). Only decimal digits count: z.coerce.number() reads
 * whatever Number() reads, so `limit=0x10` was 16, `1e1` 10 and ` 5` 5. Numbers are let through as they
 * are, for callers that parse an object rather than a query.
 *
 * Digits of any length are read, so a number too large is told the range rather than "digits". Reading is
 * exact up to Number.MAX_SAFE_INTEGER and rounds larger ones to at least 2^53, so with `max` at most that,
 * no out-of-range number rounds into range; one too long for a double (Infinity) is read as the largest
 * double, which `max` refuses too.
 *
 * Each check has its own message: one set on z.number() alone is also every check's, so `limit=0` was told
 * "digits". The range is checked first and stops there, as `.int()` also refuses numbers past 2^53 and
 * would add "digits" to "at most".
 */
export const queryInt = (min: number, max: number) =>
  z.preprocess(
    (v) => (typeof v === "string" && /^[0-9]+$/.test(v) ? Math.min(Number(v), Number.MAX_VALUE) : v),
    z
      .number({ error: NOT_DIGITS })
      .min(min, { error: `Must be at least ${min}.`, abort: true })
      .max(max, { error: `Must be at most ${max}.`, abort: true })
      .int({ error: NOT_DIGITS }),
  );

/**
 * Earliest and latest instants a client may send as a time filter. Outside this range PostgreSQL and
 * JavaScript disagree about the calendar (year 0 exists in one and not the other), so such input is a 400.
 */
export const TIME_FILTER_MIN = new Date("1970-01-01T00:00:00Z");
export const TIME_FILTER_MAX = new Date("9999-12-31T23:59:59Z");

/**
 * An ISO time sent by a client as a filter, parsed to a Date and kept within a range both sides agree on.
 * Seconds may be left out (`2026-03-01T09:30Z`), as a person typing a period's start often does; the offset
 * (`Z` or `+02:00`) may not, since it decides which instant is meant.
 */
export const timeFilter = () =>
  z
    .union([z.iso.datetime({ offset: true }), z.iso.datetime({ offset: true, precision: -1 })], {
      error: "Must be an ISO 8601 time with its offset, such as 2026-03-01T09:30:00Z.",
    })
    .transform((s) => new Date(s))
    .refine((d) => d >= TIME_FILTER_MIN && d <= TIME_FILTER_MAX, {
      message: "Must be a time between 1970 and 9999.",
    });

/**
 * A UTF-16 code unit of a surrogate pair without its partner (half an emoji). PostgreSQL cannot store it:
 * as text it becomes U+FFFD, so two different strings become one (two idempotency keys collide), and inside
 * jsonb it is a syntax error (a 500 that loses the message). A regex rather than
 * String.prototype.isWellFormed, which older browsers running the frontend lack; no lookbehind, for the
 * same reason.
 */
const LONE_SURROGATE_RE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:^|[^\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Whether every surrogate in the string is part of a pair, i.e. it is valid Unicode and survives UTF-8. */
export function isWellFormedText(s: string): boolean {
  return !LONE_SURROGATE_RE.test(s);
}

/**
 * The string every request field starts from: any string but one with a lone surrogate. Use it instead of
 * z.string() for whatever a client sends, so this rule lives here and nowhere else.
 */
export const str = () =>
  z.string().refine(isWellFormedText, {
    message: "Must be valid Unicode text: contains half of a surrogate pair (a broken emoji?).",
  });

/** Characters that take no room on screen: zero-width spaces and joiners, word joiner, BOM, soft hyphen. */
const INVISIBLE_RE = /[\u00AD\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\uFEFF]/g;

/** Whether the text shows anything once invisible characters and white space are taken away. */
export function hasVisibleText(s: string): boolean {
  return s.replace(INVISIBLE_RE, "").trim().length > 0;
}

/**
 * Human text: trimmed, within `min`..`max` characters, no NUL (PostgreSQL text cannot hold it), no lone
 * surrogate (see `str`), and not made only of invisible characters (a subject of zero-width spaces looks
 * empty in every list).
 */
export const text = (min: number, max: number) => {
  const base = str()
    .trim()
    .min(min)
    .max(max)
    .refine((s) => !s.includes("\u0000"), { message: "Must not contain NUL characters." });
  return min > 0
    ? base.refine(hasVisibleText, { message: "Must contain visible text, not only invisible characters." })
    : base;
};

/**
 * Markdown source (an FAQ answer): leading blank lines and trailing white space go, but the first line's
 * indentation stays, since four spaces there make a code block.
 */
export const markdown = (min: number, max: number) =>
  str()
    .overwrite((s) => s.replace(/^(?:[ \t]*\r?\n)+/, "").trimEnd())
    .min(min)
    .max(max)
    .refine((s) => !s.includes("\u0000"), { message: "Must not contain NUL characters." })
    .refine(hasVisibleText, { message: "Must contain visible text, not only invisible characters." });

/**
 * One line of text (a ticket's subject): line breaks, tabs and other control characters become a space,
 * then the rules of `text`. A subject is a heading in lists, an email's Subject and a chat alert's title,
 * none of which holds a line break.
 */
export const line = (min: number, max: number) =>
  str()
    .transform((s) => s.replace(/[\p{Cc}\u2028\u2029]+/gu, " "))
    .pipe(text(min, max));

/** How many bytes a string takes in UTF-8 (what PostgreSQL's size limits and bcrypt count). */
export const utf8Bytes = (s: string) => new TextEncoder().encode(s).length;

/** A short identifier chosen by a host platform (user ids, shop ids): 1–255 characters. */
export const EXTERNAL_ID_MAX = 255;
export const externalId = () => str().min(1).max(EXTERNAL_ID_MAX);

/** `{items}` lists. */
export const itemsOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });

export const ERROR_CODES = [
  "VALIDATION_FAILED",
  "MALFORMED_JSON",
  "UNAUTHENTICATED",
  "FORBIDDEN",
  "NOT_FOUND",
  "INVALID_TRANSITION",
  "CONFLICT",
  "PAYLOAD_TOO_LARGE",
  "UNSUPPORTED_MEDIA_TYPE",
  "RATE_LIMITED",
  "INTERNAL",
  "SERVICE_UNAVAILABLE",
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const errorDetailSchema = z
  .object({ path: z.string().optional(), message: z.string().optional() })
  .loose()
  .meta({ id: "ErrorDetail" });
export type ErrorDetail = z.infer<typeof errorDetailSchema>;

/** Every 4xx/5xx body. */
export const errorBodySchema = z
  .object({
    error: z.object({
      code: z.enum(ERROR_CODES),
      message: z.string(),
      details: z.array(errorDetailSchema).optional(),
      requestId: z.string().optional(),
    }),
  })
  .meta({ id: "Error" });
export type ErrorBody = z.infer<typeof errorBodySchema>;
