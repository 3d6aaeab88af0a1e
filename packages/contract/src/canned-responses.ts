import { z } from "zod";
import { isoTime, itemsOf, line, str, text } from "./common";
import { BODY_MAX } from "./tickets";

/** Saved replies (CONTRACT.md v2, "Team"): admins only. */
export const CANNED_TITLE_MAX = 100;
export const CANNED_RESPONSES_MAX = 500;

/** The placeholders a canned reply may use; the reply box fills them from the open ticket. */
export const CANNED_PLACEHOLDERS = ["shop.name", "ticket.number", "ticket.subject", "admin.name"] as const;
export type CannedPlaceholder = (typeof CANNED_PLACEHOLDERS)[number];

/**
 * What counts as a placeholder: anything between double braces, not only the known dotted names, so that
 * `{{customer_name}}` or `{{ first name }}` is caught as unknown instead of slipping through as text. The
 * name is trimmed in code, not by the pattern, which keeps it linear on a long body typed into the box.
 */
const PLACEHOLDER = /\{\{([^{}]*)\}\}/g;

/** Known placeholders are matched without regard to case, as `fillPlaceholders` fills them. */
export const isCannedPlaceholder = (name: string): boolean =>
  (CANNED_PLACEHOLDERS as readonly string[]).includes(name.toLowerCase());

/** Every `{{…}}` in a text, in order, with its name as written and where it stands. */
export function placeholdersIn(body: string): Array<{ name: string; start: number; end: number }> {
  return [...body.matchAll(PLACEHOLDER)]
    .map((m) => ({ name: m[1]!.trim(), start: m.index, end: m.index + m[0].length }))
    .filter((p) => p.name !== "");
}

/** The placeholders of a text the app cannot fill, once each: a saved reply may not use them (400). */
export function unknownPlaceholders(body: string): string[] {
  return [...new Set(placeholdersIn(body).map((p) => p.name))].filter((n) => !isCannedPlaceholder(n));
}

/** Why a saved reply with unknown placeholders is refused: said the same by the server and the editor. */
export function unknownPlaceholdersMessage(unknown: readonly string[]): string {
  const named = unknown.map((n) => `{{${n}}}`).join(", ");
  const known = CANNED_PLACEHOLDERS.map((p) => `{{${p}}}`).join(", ");
  return `${unknown.length === 1 ? "Unknown placeholder" : "Unknown placeholders"} ${named}: a saved reply may use only ${known}.`;
}

/**
 * Fills `{{shop.name}}`-style placeholders (spaces inside the braces allowed). A known placeholder
 * without a value, and any unknown one, is left as written so the preview shows what is missing.
 */
export function fillPlaceholders(
  body: string,
  values: Partial<Record<CannedPlaceholder, string | number | null | undefined>>,
): { text: string; missing: string[] } {
  const missing = new Set<string>();
  const text = body.replace(PLACEHOLDER, (whole, inner: string) => {
    const name = inner.trim();
    if (!name) return whole;
    const value = isCannedPlaceholder(name) ? values[name.toLowerCase() as CannedPlaceholder] : undefined;
    if (value === undefined || value === null || value === "") {
      missing.add(name);
      return whole;
    }
    return String(value);
  });
  return { text, missing: [...missing] };
}

export const cannedResponseSchema = z
  .object({
    id: z.string().meta({ format: "uuid" }),
    title: z.string(),
    body: z.string(),
    createdBy: z.string().nullable(),
    createdAt: isoTime,
    updatedAt: isoTime,
  })
  .meta({ id: "CannedResponse" });
export type CannedResponse = z.infer<typeof cannedResponseSchema>;

export const cannedResponseListSchema = itemsOf(cannedResponseSchema).meta({ id: "CannedResponseList" });

export const cannedResponseBodySchema = z
  .strictObject({
    // A one-line label in the reply box's picker; the body keeps its lines.
    title: line(1, CANNED_TITLE_MAX),
    body: text(1, BODY_MAX),
  })
  .meta({ id: "CannedResponseBody" });
export type CannedResponseBody = z.output<typeof cannedResponseBodySchema>;

export const cannedResponsePatchSchema = cannedResponseBodySchema
  .partial()
  .refine((b) => b.title !== undefined || b.body !== undefined, { message: "Nothing to change." })
  .meta({ id: "CannedResponsePatch" });

/** /api/canned-responses/:id: like a ticket id, a malformed id names nothing, so it is 404 too. */
export const cannedResponseGetParamsSchema = z.strictObject({
  id: str().meta({ description: "Canned response id (UUID). Unknown or malformed: 404." }),
});

/** The list takes no query parameters (an unknown one is 400, as everywhere). */
export const cannedResponseListQuerySchema = z.strictObject({});
