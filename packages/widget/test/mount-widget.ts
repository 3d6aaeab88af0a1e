/**
 * widget.js as a page loads it: a `<script data-parley>` from Parley's origin, then the widget's module
 * run (afresh for each test), with the server's answers every view needs before a test adds its own.
 */
import { vi } from "vitest";
import { http, HttpResponse } from "msw";
import { server } from "./msw";

export const ORIGIN = "http://parley.test";
export const api = (path: string) => `${ORIGIN}${path}`;

/** `availability`: what GET /api/visitor/availability answers (online, no upload limit said, by default). */
export async function mountWidget(
  opts: { availability?: { online?: boolean; hoursText?: string; uploadMaxBytes?: number } } = {},
) {
  server.use(
    http.get(api("/api/visitor/availability"), () =>
      HttpResponse.json({ online: true, hoursText: "", ...opts.availability }),
    ),
    http.post(api("/api/visitor/sessions"), () =>
      HttpResponse.json({ visitorToken: "vt-1" }, { status: 201 }),
    ),
  );
  const script = document.createElement("script");
  script.src = `${ORIGIN}/widget.js`;
  script.dataset.parley = "";
  document.body.append(script);
  vi.resetModules();
  await import("../src/widget");
  const root = document.querySelector("[data-parley-widget]")?.shadowRoot;
  if (!root) throw new Error("the widget did not mount");
  const button = (text: string) => {
    const found = Array.from(root.querySelectorAll("button")).find((b) => b.textContent === text);
    if (!found) throw new Error(`no button "${text}"`);
    return found;
  };
  return {
    root,
    /** Help, then "Write to support": the form a first message is written in. */
    openCompose() {
      button("Help").click();
      button("Write to support").click();
    },
    /** Picks a file with "Attach a file" (as the file chooser would) and returns its entry in the list. */
    attach(file: File) {
      const input = root.querySelector<HTMLInputElement>("input[type=file]");
      if (!input) throw new Error("no file input");
      Object.defineProperty(input, "files", { value: [file], configurable: true });
      input.dispatchEvent(new Event("change"));
      const entry = Array.from(root.querySelectorAll<HTMLLIElement>(".uploads li")).at(-1);
      if (!entry) throw new Error("the file is not listed");
      return entry;
    },
  };
}

/** What an entry of the file list says once its upload has ended (ready or failed). */
export async function outcomeOf(entry: HTMLLIElement) {
  await vi.waitFor(() => {
    if (entry.dataset.status === "uploading") throw new Error("still uploading");
  });
  return { status: entry.dataset.status, text: entry.querySelector(".state")?.textContent };
}
