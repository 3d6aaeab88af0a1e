import { AppError } from "../../../shared/app-error";

/**
 * The resolver gave no answer for a URL's host name while it was being registered (EAI_AGAIN, SERVFAIL, a
 * timeout): the URL may be fine, so it is not refused as the client's mistake but answered 503
 * SERVICE_UNAVAILABLE with Retry-After (CONTRACT.md, as for the database), with a warning for the operator
 * naming the resolver's code (their DNS may be down).
 */
export class ResolverUnavailableError extends AppError {
  override readonly operatorWarning = "DNS resolver did not answer for a registered URL: answering 503";
  constructor(
    path: string,
    override readonly operatorReason: string,
  ) {
    super(
      "SERVICE_UNAVAILABLE",
      "The URL's host name could not be looked up right now (our DNS resolver did not answer). Please retry shortly.",
      [{ path, message: `the host name lookup failed for now (${operatorReason})` }],
    );
  }
}
