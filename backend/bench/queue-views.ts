/**
 * Ten admins' queue views (each one admin's first page): what ten clients ask for when they do not all
 * look at the same page, so that overlapping requests rarely share a read (platform/shared-reads.ts).
 */
const TEN_QUEUE_VIEWS = [
  "status=open,in_progress&sort=updated",
  "status=open&sort=updated",
  "status=in_progress&sort=updated",
  "status=open,in_progress&sort=priority",
  "status=open,in_progress&sort=created",
  "status=open,in_progress&priority=urgent",
  "status=open,in_progress&priority=high",
  "status=open,in_progress&priority=medium",
  "status=open,in_progress&priority=low",
  "status=open,in_progress&priority=high,urgent",
].map((query) => `/api/tickets?${query}&limit=25`);

/** The views in turn, view i as admin i + 1: one request's path and token per call. */
export function tenViewsInTurn(adminToken: (admin: number) => string): () => { path: string; token: string } {
  const requests = TEN_QUEUE_VIEWS.map((path, i) => ({ path, token: adminToken(i + 1) }));
  let turn = 0;
  return () => requests[turn++ % requests.length]!;
}
