import type { NextFunction, Request, Response } from "express";
import { z } from "zod";
import { ValidationError } from "../../shared/app-error";

/** Parses with a zod schema or throws VALIDATION_FAILED with one {path, message} per issue. */
export function parse<S extends z.ZodType>(schema: S, value: unknown, where = "request"): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new ValidationError(
    `The ${where} is invalid.`,
    result.error.issues.flatMap((issue) => {
      const at = issue.path.map(String);
      // An unknown field is named in the path itself, one detail each, so a client sees which to drop.
      if (issue.code === "unrecognized_keys")
        return issue.keys.map((key) => ({ path: [...at, key].join("."), message: "Unknown field." }));
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
