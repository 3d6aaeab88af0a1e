import { MENTIONS_MAX } from "@parley/contract";
import { matchAdmins, mentionAt, mentionedIds, mentionsMe, splitMentions } from "./mentions";

test("when the caret follows an @ at the start or after a space, then that is the mention being typed; an email is not", () => {
  expect(mentionAt("@an", 3)).toEqual({ start: 0, query: "an" });
  expect(mentionAt("cc @", 4)).toEqual({ start: 3, query: "" });
  expect(mentionAt("line\n@sa", 8)).toEqual({ start: 5, query: "sa" });
  expect(mentionAt("mail ana@acme.io", 16)).toBeNull();
  expect(mentionAt("@ana done", 9)).toBeNull();
});

test("when admins are searched, then name and email count, and the inactive or unnamed are left out", () => {
  const admins = [
    { id: "a", name: "Ana Lima", email: "ana@x.io", active: true },
    { id: "b", name: null, email: "bo@x.io", active: true },
    { id: "c", name: "Cy", email: null, active: false },
    { id: "d", name: null, email: null, active: true },
  ];
  expect(matchAdmins(admins, "").map((a) => a.id)).toEqual(["a", "b"]);
  expect(matchAdmins(admins, "LIM").map((a) => a.id)).toEqual(["a"]);
  expect(matchAdmins(admins, "bo@").map((a) => a.id)).toEqual(["b"]);
});

test("when a picked @Name is still in the text, then its id is mentioned; gone, changed or inside a word, it is not", () => {
  const picks = [
    { id: "ana", label: "Ana" },
    { id: "ana-lima", label: "Ana Lima" },
  ];
  expect(mentionedIds("@Ana Lima, look", picks)).toEqual(["ana-lima"]);
  expect(mentionedIds("@Ana's call; @Ana Lima too", picks)).toEqual(["ana", "ana-lima"]);
  expect(mentionedIds("@Anabel and bob@Ana", picks)).toEqual([]);
  expect(mentionedIds("Ana, look", picks)).toEqual([]);
  const many = Array.from({ length: MENTIONS_MAX + 2 }, (_, i) => ({ id: `a${i}`, label: `A${i}` }));
  expect(mentionedIds(many.map((p) => `@${p.label}`).join(" "), many)).toHaveLength(MENTIONS_MAX);
});

test("when a text is split for highlighting, then each current admin's mention is a piece and mine is marked", () => {
  const names = { names: ["Ana Lima", "Me"], me: "Me" };
  expect(splitMentions("@Me and @Ana Lima: go", names)).toEqual([
    { text: "@Me", mention: "me" },
    { text: " and " },
    { text: "@Ana Lima", mention: "colleague" },
    { text: ": go" },
  ]);
  expect(mentionsMe("cc @Ana Lima", names)).toBe(false);
  expect(mentionsMe("cc @Me.", names)).toBe(true);
});
