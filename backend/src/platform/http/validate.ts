import type { z } from "zod";
import { ValidationError } from "../../shared/app-error";

/** Parses with a zod schema or throws VALIDATION_FAILED with one {path, message} per issue. */
export function parse<S extends z.ZodType>(schema: S, value: unknown, where = "request"): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new ValidationError(
    `The ${where} is invalid.`,
    result.error.issues.map((issue) => ({
      path: issue.path.map(String).join(".") || "(root)",
      message: issue.message,
    })),
  );
}
