import type { RequestHandler } from "express";
import { ValidationError } from "../../shared/app-error";

/**
 * A JSON body of `null` parses (express.json with strict: false), and the handlers read a missing body as
 * `{}` (`req.body ?? {}`), so on routes whose fields are all optional `null` passed as "nothing set" (a
 * test alert was even queued). A body that was sent must be what the schema asks for: 400 here.
 */
export const rejectNullBody: RequestHandler = (req, _res, next) => {
  if (req.body === null) {
    throw new ValidationError("The request body must be a JSON object, not null.", [
      { path: "(root)", message: "Expected an object, received null." },
    ]);
  }
  next();
};
