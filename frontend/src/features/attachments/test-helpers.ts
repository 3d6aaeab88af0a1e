/** Test helpers for uploads: a stand-in POST /api/uploads (msw) and the FormData msw can read. */
import { Blob as NodeBlob, File as NodeFile } from "node:buffer";
import { http, HttpResponse } from "msw";
import type { Attachment } from "@parley/contract";
import { server } from "../../../test/msw";

/**
 * msw turns an XMLHttpRequest's body into a Node Request, which reads only Node's own FormData and File;
 * jsdom's would arrive as a string. Call at the top of a test file to swap the browser classes for Node's.
 */
export function withNodeFormData() {
  beforeAll(async () => {
    const probe = new Request("http://localhost/", { method: "POST", body: new URLSearchParams("a=1") });
    vi.stubGlobal("FormData", (await probe.formData()).constructor);
    vi.stubGlobal("File", NodeFile);
    vi.stubGlobal("Blob", NodeBlob);
  });
  afterAll(() => vi.unstubAllGlobals());
}

export const file = (name: string, type: string, size = 2048) =>
  new File([new Uint8Array(size).fill(7)], name, { type });

let n = 0;
function stored(name: string, contentType: string, size: number): Attachment {
  const id = `a0000000-0000-4000-8000-${String(++n).padStart(12, "0")}`;
  return { id, name, contentType, size, url: `/api/attachments/${id}` };
}

/** POST /api/uploads: stores what it gets (name and size from the multipart body), optionally held back. */
export function uploadsEndpoint(
  opts: { gate?: Promise<void>; refuse?: { status: number; code: string; message: string } } = {},
) {
  const received: { name: string; size: number; auth: string | null }[] = [];
  server.use(
    http.post("/api/uploads", async ({ request }) => {
      const form = await request.formData();
      const f = form.get("file") as File;
      received.push({ name: f.name, size: f.size, auth: request.headers.get("authorization") });
      await opts.gate;
      if (opts.refuse)
        return HttpResponse.json(
          { error: { code: opts.refuse.code, message: opts.refuse.message } },
          { status: opts.refuse.status },
        );
      return HttpResponse.json(stored(f.name, f.type, f.size), { status: 201 });
    }),
  );
  return received;
}
