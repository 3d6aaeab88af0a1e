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

/** Whose vote it is: the token's user, else the browser's own id; null when neither is known. */
export function voterKey(
  principal: Pick<Principal, "userId"> | undefined,
  browserId?: string,
): string | null {
  if (principal) return `user:${principal.userId}`;
  return browserId ? `browser:${browserId}` : null;
}
