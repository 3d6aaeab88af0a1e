import { clearDraft, readDraft, replyDraftKey, writeDraft } from "./drafts";

afterEach(() => localStorage.clear());

test("when a draft is written, then it reads back per ticket and per kind, and empty or cleared removes it", () => {
  writeDraft(replyDraftKey("t1", false), "Hello");
  writeDraft(replyDraftKey("t1", true), "Note");
  expect(readDraft(replyDraftKey("t1", false))).toBe("Hello");
  expect(readDraft(replyDraftKey("t1", true))).toBe("Note");
  expect(readDraft(replyDraftKey("t2", false))).toBeNull();
  writeDraft(replyDraftKey("t1", false), "");
  expect(localStorage.getItem(replyDraftKey("t1", false))).toBeNull();
  clearDraft(replyDraftKey("t1", true));
  expect(readDraft(replyDraftKey("t1", true))).toBeNull();
});

test("when storage holds garbage or throws, then drafts degrade to nothing instead of an error", () => {
  localStorage.setItem(replyDraftKey("t1", false), "{not json");
  expect(readDraft(replyDraftKey("t1", false))).toBeNull();
  const spy = vi.spyOn(Storage.prototype, "setItem").mockImplementation(() => {
    throw new DOMException("full", "QuotaExceededError");
  });
  expect(() => writeDraft("k", "v")).not.toThrow();
  spy.mockRestore();
});
