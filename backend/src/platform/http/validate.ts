import type { NextFunction, Request, Response } from "express";
import { z } from "zod";
import { ValidationError } from "../../shared/app-error";

const GIVEN_MORE_THAN_ONCE =
  "Given more than once: send it once (where a list is allowed, separate its values with commas).";

/**
 * The issues a repeated query parameter causes: Express reads `?from=a&from=b` as `from: ["a", "b"]`, and a
 * schema that wants one value then complains about its type or format ("Must be an ISO 8601 time…"), which
 * misleads. A schema that takes an array gets no issue of these kinds on the parameter itself.
 */
const ONE_VALUE_ISSUES = new Set(["invalid_type", "invalid_union", "invalid_value"]);

/** Parses with a zod schema or throws VALIDATION_FAILED with one {path, message} per issue. */
export function parse<S extends z.ZodType>(schema: S, value: unknown, where = "request"): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const query = where === "query" && typeof value === "object" && value !== null ? value : null;
  const repeated = (key: PropertyKey | undefined) =>
    query !== null && typeof key === "string" && Array.isArray((query as Record<string, unknown>)[key]);
  const named = new Set<string>();
  throw new ValidationError(
    `The ${where} is invalid.`,
    result.error.issues.flatMap((issue) => {
      const at = issue.path.map(String);
      // An unknown field is named in the path itself, one detail each, so a client sees which to drop.
      if (issue.code === "unrecognized_keys")
        return issue.keys.map((key) => ({ path: [...at, key].join("."), message: "Unknown field." }));
      if (issue.path.length === 1 && repeated(issue.path[0]) && ONE_VALUE_ISSUES.has(issue.code)) {
        if (named.has(at[0]!)) return [];
        named.add(at[0]!);
        return [{ path: at[0]!, message: GIVEN_MORE_THAN_ONCE }];
      }
      return [{ path: at.join(".") || "(root)", message: issue.message }];
    }),
  );
}

const emptyQuery = z.strictObject({});

/**
 * For a route that takes no query parameters: any one is 400 VALIDATION_FAILED (CONTRACT.md "Errors": a
 * client never believes it set something that was dropped). Placed after the route's role guards, so a
 * shop asking an admin route hears 403 first. test/platform/strict-query.test.ts sweeps every documented
 * route with an unknown parameter, so a route that forgets this fails there.
 */
export function noQuery<P>(req: Request<P>, _res: Response, next: NextFunction): void {
  parse(emptyQuery, req.query, "query");
  next();
}
