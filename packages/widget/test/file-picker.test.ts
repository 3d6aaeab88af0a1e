/** The file picker on its own: a file over the server's limit is refused before anything is sent. */
import { expect, test, vi } from "vitest";
import { createFilePicker, type ReadyFile } from "../src/file-picker";

const LIMIT = 2 * 1024 * 1024;

function pickerWith(upload: (file: File) => Promise<ReadyFile>) {
  const picker = createFilePicker({
    maxBytes: () => LIMIT,
    upload,
    reason: () => "refused",
    onChange: () => {},
  });
  document.body.append(picker.list, picker.input);
  const pick = (file: File) => {
    Object.defineProperty(picker.input, "files", { value: [file], configurable: true });
    picker.input.dispatchEvent(new Event("change"));
  };
  const entry = () => picker.list.querySelector("li");
  return { picker, pick, entry };
}

const bytes = (n: number, name = "photo.jpg") => new File([new Uint8Array(n)], name);

test("when a file is over the limit, then it is listed as refused with the server's sentence and never uploaded", () => {
  const upload = vi.fn((file: File) => Promise.resolve({ id: "u1", name: file.name }));
  const { picker, pick, entry } = pickerWith(upload);

  pick(bytes(LIMIT + 1, "clip.mov"));

  expect(upload).not.toHaveBeenCalled();
  expect(entry()?.dataset.status).toBe("failed");
  expect(entry()?.querySelector(".state")?.textContent).toBe("The file is larger than the limit of 2 MB.");
  expect(entry()?.querySelector("[role=alert]")).not.toBeNull();
  expect(picker.busy()).toBe(false);
  expect(picker.ready()).toEqual([]);
});

test("when a file is exactly at the limit, then it is uploaded", async () => {
  const upload = vi.fn((file: File) => Promise.resolve({ id: "u1", name: file.name }));
  const { picker, pick, entry } = pickerWith(upload);

  pick(bytes(LIMIT));

  expect(upload).toHaveBeenCalledTimes(1);
  await vi.waitFor(() => expect(entry()?.dataset.status).toBe("ready"));
  expect(picker.ready()).toEqual([{ id: "u1", name: "photo.jpg" }]);
});
