/** How a pure article view votes: the container hands these in (see useFaqVote). */
export type FaqVoting = {
  send: (articleId: string, helpful: boolean) => Promise<void>;
  /** The vote this browser gave before, if any. */
  previous: (articleId: string) => boolean | undefined;
};
