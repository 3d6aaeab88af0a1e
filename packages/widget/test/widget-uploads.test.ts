/**
 * The visitor's files through the whole widget, against the server played by msw: a file over the limit
 * is refused before it is sent, and an upload whose connection breaks says what happened.
 */
import { expect, test, vi } from "vitest";
import { http, HttpResponse } from "msw";
import { fileTooLargeMessage as contractSentence, UPLOAD_MAX_BYTES_DEFAULT } from "@parley/contract";
import { requested, server } from "./msw";
import { api, mountWidget, outcomeOf } from "./mount-widget";
import { fileTooLargeMessage, UPLOAD_MAX_BYTES } from "../src/upload-limit";

const file = (size: number, name = "screenshot.png") => new File([new Uint8Array(size)], name);

const uploadAnswers = (answer: () => Response) => {
  let calls = 0;
  server.use(
    http.post(api("/api/uploads"), () => {
      calls++;
      return answer();
    }),
  );
  return () => calls;
};

test("the widget's limit is the contract's default (UPLOAD_MAX_BYTES_DEFAULT)", () => {
  expect(UPLOAD_MAX_BYTES).toBe(UPLOAD_MAX_BYTES_DEFAULT);
});

test("the widget's sentence for a file over the limit is the contract's (the server's 413 and the web app's)", () => {
  for (const limit of [UPLOAD_MAX_BYTES_DEFAULT, 512 * 1024, 1000, 3 * 1024 * 1024 + 1])
    expect(fileTooLargeMessage(limit)).toBe(contractSentence(limit));
});

test("when a visitor attaches a file over the upload limit, then it is refused with the server's 413 sentence and nothing is sent", async () => {
  const widget = await mountWidget();
  widget.openCompose();
  const sent = requested();

  const entry = widget.attach(file(UPLOAD_MAX_BYTES + 1, "holiday.mov"));

  expect(await outcomeOf(entry)).toEqual({
    status: "failed",
    text: "The file is larger than the limit of 25 MB.",
  });
  // No session opened for it, no upload started.
  expect(sent.filter((r) => r.startsWith("POST"))).toEqual([]);
});

test("when the server says its limit is lower, then the widget refuses a file over that limit, in the server's words", async () => {
  const widget = await mountWidget({
    availability: { online: false, hoursText: "Weekdays 9-5.", uploadMaxBytes: 1024 * 1024 },
  });
  widget.openCompose();
  // The offline notice shows once the answer that also carries the limit has been read.
  await vi.waitFor(() => expect(widget.root.textContent).toContain("Nobody is online right now."));
  const sent = requested();

  const entry = widget.attach(file(1024 * 1024 + 1, "scan.pdf"));

  expect(await outcomeOf(entry)).toEqual({
    status: "failed",
    text: "The file is larger than the limit of 1 MB.",
  });
  expect(sent.filter((r) => r.startsWith("POST"))).toEqual([]);
});

test("when a file under the limit is attached, then it uploads and is ready to send", async () => {
  const uploads = uploadAnswers(() =>
    HttpResponse.json(
      { id: "u1", name: "screenshot.png", contentType: "image/png", size: 10, url: "/api/attachments/u1" },
      { status: 201 },
    ),
  );
  const widget = await mountWidget();
  widget.openCompose();

  expect(await outcomeOf(widget.attach(file(10)))).toEqual({ status: "ready", text: "Ready" });
  expect(uploads()).toBe(1);
});

test("when an upload's connection breaks while the server still answers, then it says the upload failed, not that support is unreachable", async () => {
  const uploads = uploadAnswers(() => HttpResponse.error());
  const widget = await mountWidget();
  widget.openCompose();

  expect(await outcomeOf(widget.attach(file(10)))).toEqual({
    status: "failed",
    text: "The file did not finish uploading. Please try again, or send a smaller file.",
  });
  expect(uploads()).toBe(1);
});

test("when an upload's connection breaks and the server does not answer either, then it says support cannot be reached", async () => {
  const uploads = uploadAnswers(() => HttpResponse.error());
  const widget = await mountWidget();
  widget.openCompose();
  server.use(http.get(api("/api/visitor/availability"), () => HttpResponse.error()));

  expect(await outcomeOf(widget.attach(file(10)))).toEqual({
    status: "failed",
    text: "Could not reach support. Check your connection and try again.",
  });
  expect(uploads()).toBe(1);
});

test("when a proxy in front of the server refuses the file with its own 413, then it says the file is too large, not the message", async () => {
  uploadAnswers(() => new HttpResponse("<html>413 Request Entity Too Large</html>", { status: 413 }));
  const widget = await mountWidget();
  widget.openCompose();

  expect(await outcomeOf(widget.attach(file(10)))).toEqual({
    status: "failed",
    text: "The file is too large.",
  });
});
