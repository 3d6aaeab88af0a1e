/**
 * Friendly messages for the contract's zod rules in a form: the schema stays the contract's own, only
 * the wording per field changes (zod's per-parse `error` map, passed through zodResolver).
 */
type FieldMessages = Partial<Record<"required" | "tooLong" | "invalid", string>>;

export function fieldMessages(messages: Record<string, FieldMessages>) {
  return {
    error: (issue: { code?: string; path?: PropertyKey[] }) => {
      const field = messages[String(issue.path?.[0])];
      if (!field) return undefined;
      if (issue.code === "too_small") return field.required;
      if (issue.code === "too_big") return field.tooLong;
      return field.invalid;
    },
  };
}
