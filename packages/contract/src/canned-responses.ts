import { z } from "zod";
import { isoTime, itemsOf, str, text } from "./common";
import { BODY_MAX } from "./tickets";

/** Saved replies (CONTRACT.md v2, "Team"): admins only. */
export const CANNED_TITLE_MAX = 100;
export const CANNED_RESPONSES_MAX = 500;

/** The placeholders a canned reply may use; the reply box fills them from the open ticket. */
export const CANNED_PLACEHOLDERS = ["shop.name", "ticket.number", "ticket.subject", "admin.name"] as const;
export type CannedPlaceholder = (typeof CANNED_PLACEHOLDERS)[number];

/**
 * Fills `{{shop.name}}`-style placeholders (spaces inside the braces allowed). A known placeholder
 * without a value, and any unknown one, is left as written so the preview shows what is missing.
 */
export function fillPlaceholders(
  body: string,
  values: Partial<Record<CannedPlaceholder, string | number | null | undefined>>,
): { text: string; missing: string[] } {
  const missing = new Set<string>();
  const text = body.replace(/\{\{\s*([a-z]+(?:\.[a-z]+)*)\s*\}\}/gi, (whole, name: string) => {
    const key = name.toLowerCase() as CannedPlaceholder;
    const value = (CANNED_PLACEHOLDERS as readonly string[]).includes(key) ? values[key] : undefined;
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
    title: text(1, CANNED_TITLE_MAX),
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
