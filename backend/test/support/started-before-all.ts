/**
 * An object that this file's (or describe block's) beforeAll fills with what `start` made, closed in afterAll.
 * Its fields are the started object's own, copied once it has started, so a test file can destructure the
 * fixture at the top and use its fields in every test.
 */
export function startedBeforeAll<T extends { close(): Promise<void> }>(start: () => Promise<T>): T {
  const fixture = {} as T;
  let started: T | undefined;
  beforeAll(async () => {
    started = await start();
    Object.assign(fixture, started);
  });
  afterAll(() => started?.close());
  return fixture;
}
