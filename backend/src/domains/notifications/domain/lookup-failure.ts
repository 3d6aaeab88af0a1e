/**
 * What a failed lookup of a URL's host name says about the URL. ENOTFOUND is the resolver's own answer that
 * the name has no address (getaddrinfo's EAI_NONAME or EAI_NODATA: NXDOMAIN, or no A/AAAA record; c-ares
 * says NOTFOUND or NODATA): a typo the admin must fix. Any other failure (EAI_AGAIN: SERVFAIL or no answer
 * in time; EAI_FAIL; a resolver that cannot be reached) means no answer came at all, which is not the
 * client's fault and may pass on its own.
 */
const NO_SUCH_NAME: ReadonlySet<string> = new Set(["ENOTFOUND", "ENODATA", "NOTFOUND", "NODATA"]);

export function lookupFoundNoSuchName(code: string): boolean {
  return NO_SUCH_NAME.has(code);
}
