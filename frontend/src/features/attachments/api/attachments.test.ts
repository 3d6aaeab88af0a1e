import { http, HttpResponse } from "msw";
import { server } from "../../../../test/msw";
import { file, withNodeFormData } from "../test-helpers";
import { uploadFile } from "./attachments";

withNodeFormData();

test("when a proxy answers an upload with 502 and its own page, then the error says the server is not reachable", async () => {
  server.use(
    http.post("/api/uploads", () =>
      HttpResponse.html("<html><body><h1>502 Bad Gateway</h1></body></html>", { status: 502 }),
    ),
  );
  await expect(uploadFile(file("label.pdf", "application/pdf")).done).rejects.toMatchObject({
    status: 502,
    message: "Parley's server is not reachable right now. Try again in a moment.",
  });
});
