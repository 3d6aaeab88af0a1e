import type { FaqAudience, FaqViewerAudience } from "@parley/contract";
import type { Principal } from "../../../shared/principal";

export type FaqArticle = {
  id: string;
  audience: FaqAudience;
  category: string;
  question: string;
  /** Markdown source, as the admin wrote it. */
  answer: string;
  /** The answer rendered to HTML and sanitised: safe to insert into a page. */
  answerHtml: string;
  position: number;
  published: boolean;
  helpful: number;
  notHelpful: number;
  createdAt: Date;
  updatedAt: Date;
};

export type FaqArticleInput = {
  audience: FaqAudience;
  category: string;
  question: string;
  answer: string;
  position?: number;
  published?: boolean;
};

/**
 * Which articles a reader sees: an explicit `audience` wins; otherwise an admin sees every audience,
 * a shop user the shop FAQ and anyone else (no token) the customer FAQ.
 * Returns the article audiences to include, or null for "all".
 */
export function visibleAudiences(
  principal: Pick<Principal, "role"> | undefined,
  requested?: FaqViewerAudience,
): FaqAudience[] | null {
  const viewer =
    requested ?? (principal?.role === "admin" ? null : principal?.role === "shop" ? "shop" : "customer");
  return viewer === null ? null : [viewer, "both"];
}

/**
 * Whose vote it is: the token's user, else the browser's own id (voterId), else the anonymous client
 * (a keyed hash of its address and User-Agent, see anonymousClientData), so a vote without either still
 * counts once per client and article.
 */
export function voterKey(
  principal: Pick<Principal, "userId"> | undefined,
  browserId: string | undefined,
  clientId: string,
): string {
  if (principal) return `user:${principal.userId}`;
  return browserId ? `browser:${browserId}` : `client:${clientId}`;
}

/**
 * What identifies a client that sent neither a token nor a voterId: its address (as express sees it
 * under "trust proxy") and its User-Agent. The caller hashes this with a server key and stores only the
 * hash, never the address. An IPv4 address seen through an IPv6 socket ("::ffff:1.2.3.4") is the same
 * client as "1.2.3.4".
 */
export function anonymousClientData(address: string | undefined, userAgent: string | undefined): string {
  const ip = (address ?? "").replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, "");
  return `${ip}\n${userAgent ?? ""}`;
}
