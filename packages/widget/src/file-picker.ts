import { h } from "./dom";
import { fileTooLargeMessage } from "./upload-limit";

/**
 * How many files one message may carry: ATTACHMENTS_PER_MESSAGE_MAX in @parley/contract, copied here because
 * importing the contract would bundle zod into widget.js.
 */
const FILES_PER_MESSAGE_MAX = 10;
const TOO_MANY = `At most ${FILES_PER_MESSAGE_MAX} files per message; send the rest in another message.`;

/** An upload the server accepted: what a message names in `attachmentIds`. */
export type ReadyFile = { id: string; name: string };

type State = "uploading" | "failed" | "ready";
type Entry = { name: string; state: State; id?: string; abort: AbortController; el: HTMLLIElement };

/**
 * "Attach a file" beside a message box: a real button (its text is its name, so it works from the keyboard)
 * that opens a hidden file input for one or more files. Each file is uploaded at once and listed with its
 * state: uploading, failed (with the reason, the server's own for a file too big or of a type it refuses)
 * or ready, each with a button that removes it (and cancels its upload while it runs). `onChange` runs on
 * every change, so the form can hold Send while an upload is in flight.
 *
 * A file over `maxBytes` is refused here, never sent: the server answers such a file with 413 and closes
 * the connection while the browser is still sending, and a browser may then see only a network error.
 */
export function createFilePicker(deps: {
  /** The server's limit per file, in bytes (asked on each pick: the server says it once it answers). */
  maxBytes: () => number;
  upload(file: File, signal: AbortSignal): Promise<ReadyFile>;
  /** The sentence a failed upload shows. */
  reason(err: unknown): string;
  onChange(): void;
}) {
  const entries: Entry[] = [];
  const input = h("input", { type: "file", multiple: "", hidden: "", tabindex: "-1", "aria-hidden": "true" });
  const button = h("button", { type: "button", class: "attach" }, "Attach a file");
  const list = h("ul", { class: "uploads", "aria-label": "Files to send", hidden: "" });

  const changed = () => {
    list.hidden = entries.length === 0;
    deps.onChange();
  };

  const show = (e: Entry, state: State, text: string) => {
    e.state = state;
    e.el.dataset.status = state;
    // A refusal is read out when it appears; the other states are seen, and Send says when it is held.
    const label = h("span", { class: "state", ...(state === "failed" ? { role: "alert" } : {}) }, text);
    e.el.querySelector(".state")?.replaceWith(label);
    e.el
      .querySelector(".remove")
      ?.setAttribute("aria-label", `${state === "uploading" ? "Cancel upload of" : "Remove"} ${e.name}`);
    changed();
  };

  const drop = (e: Entry) => {
    const root = e.el.getRootNode();
    const active = root instanceof ShadowRoot || root instanceof Document ? root.activeElement : null;
    const hadFocus = active !== null && e.el.contains(active);
    e.abort.abort();
    e.el.remove();
    entries.splice(entries.indexOf(e), 1);
    // Its button is gone with it: focus goes back where files are added, not to the page.
    if (hadFocus) button.focus();
    changed();
  };

  const add = (file: File) => {
    const remove = h("button", { type: "button", class: "remove" }, "×");
    const el = h(
      "li",
      {},
      h("span", { class: "name", title: file.name }, file.name),
      h("span", { class: "state" }),
      remove,
    );
    const e: Entry = { name: file.name, state: "uploading", abort: new AbortController(), el };
    remove.addEventListener("click", () => drop(e));
    entries.push(e);
    list.append(el);
    const maxBytes = deps.maxBytes();
    if (file.size > maxBytes) return show(e, "failed", fileTooLargeMessage(maxBytes));
    if (entries.filter((x) => x.state !== "failed").length > FILES_PER_MESSAGE_MAX) {
      return show(e, "failed", TOO_MANY);
    }
    show(e, "uploading", "Uploading…");
    deps
      .upload(file, e.abort.signal)
      .then((up) => {
        if (e.abort.signal.aborted) return;
        e.id = up.id;
        show(e, "ready", "Ready");
      })
      .catch((err: unknown) => {
        if (!e.abort.signal.aborted) show(e, "failed", deps.reason(err));
      });
  };

  button.addEventListener("click", () => input.click());
  input.addEventListener("change", () => {
    const picked = Array.from(input.files ?? []);
    input.value = ""; // picking the same file again fires change again
    picked.forEach(add);
  });

  return {
    /** The button, the hidden input it opens and the list of files, for the form to place. */
    button,
    input,
    list,
    /** Whether an upload is still in flight (Send waits for it). */
    busy: () => entries.some((e) => e.state === "uploading"),
    /** The uploads that went through, in the order they were picked. */
    ready: (): ReadyFile[] =>
      entries.flatMap((e) => (e.state === "ready" && e.id ? [{ id: e.id, name: e.name }] : [])),
    /** After the message went: the list starts empty again (failed files go too). */
    clear() {
      for (const e of entries.splice(0)) {
        e.abort.abort();
        e.el.remove();
      }
      changed();
    },
  };
}

export type FilePicker = ReturnType<typeof createFilePicker>;
