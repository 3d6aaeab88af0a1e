import { MENTIONS_MAX } from "@parley/contract";
import {
  matchAdmins,
  mentionAt,
  mentionedIds,
  mentionsMe,
  noteMentionIds,
  splitMentions,
  type Mentionable,
} from "./mentions";

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

const teammate = (id: string, name: string | null, over: Partial<Mentionable> = {}): Mentionable => ({
  id,
  name,
  email: `${id}@parley.test`,
  active: true,
  ...over,
});
const ANA = teammate("ana", "Ana");
const ANA_LIMA = teammate("ana-lima", "Ana Lima");
const SAM = teammate("sam", "Sam Ortiz");
const OPS = teammate("ops", null);
const GONE = teammate("bo", "Bo Gone", { active: false });
const TEAM = [ANA, ANA_LIMA, SAM, OPS, GONE];

test("when a note types a colleague's name in full, then it mentions them: any case, the longest name that fits, in the order written", () => {
  expect(noteMentionIds("@sam ortiz and @Ana Lima, look", { admins: TEAM })).toEqual(["sam", "ana-lima"]);
  expect(noteMentionIds("@ANA: and @ana lima's", { admins: TEAM })).toEqual(["ana", "ana-lima"]);
  // Someone without a name is named by their email, as the picker writes them.
  expect(noteMentionIds("cc @ops@parley.test.", { admins: TEAM })).toEqual(["ops"]);
  // Named twice, alerted once.
  expect(noteMentionIds("@Sam Ortiz @sam ortiz", { admins: TEAM })).toEqual(["sam"]);
});

test("when a note's @word is no active admin's name, or is part of an email, then it mentions nobody", () => {
  const admins = TEAM;
  expect(noteMentionIds("@Samuel and @Sam, @nobody", { admins })).toEqual([]);
  expect(noteMentionIds("@Bo Gone left", { admins })).toEqual([]);
  expect(noteMentionIds("write to sam@ana.io or x@Ana Lima", { admins })).toEqual([]);
  expect(noteMentionIds("@ana@acme.io and @Ana.lima@acme.io", { admins })).toEqual([]);
  // The writer is not in the list the box offers, so their own name alerts nobody.
  expect(noteMentionIds("@Me again", { admins })).toEqual([]);
});

test("when names are picked and typed, then a pick names exactly its colleague, a refused name typed alerts nobody, and at most MENTIONS_MAX go", () => {
  const twins = [teammate("sam-1", "Sam"), teammate("sam-2", "sam")];
  // Typed, a name two colleagues bear names both; picked, only the one picked.
  expect(noteMentionIds("@Sam?", { admins: twins })).toEqual(["sam-1", "sam-2"]);
  expect(noteMentionIds("@Sam?", { admins: twins, picked: [{ id: "sam-2", label: "sam" }] })).toEqual([
    "sam-2",
  ]);
  expect(noteMentionIds("@Sam Ortiz @Ana", { admins: TEAM, refused: ["sam"] })).toEqual(["ana"]);
  expect(
    noteMentionIds("@Sam Ortiz", {
      admins: TEAM,
      refused: ["sam"],
      picked: [{ id: "sam", label: "Sam Ortiz" }],
    }),
  ).toEqual(["sam"]);
  const many = Array.from({ length: MENTIONS_MAX + 2 }, (_, i) => teammate(`a${i}`, `Agent ${i}`));
  expect(noteMentionIds(many.map((a) => `@${a.name}`).join(" "), { admins: many })).toEqual(
    many.slice(0, MENTIONS_MAX).map((a) => a.id),
  );
});

test("when a note is highlighted, then typed names are marked as picked ones are: any case, never inside an email", () => {
  const names = { names: ["Ana Lima", "Me"], me: "Me" };
  expect(splitMentions("@ana lima, @ME", names)).toEqual([
    { text: "@ana lima", mention: "colleague" },
    { text: ", " },
    { text: "@ME", mention: "me" },
  ]);
  expect(splitMentions("me@acme.io @me@acme.io", names)).toEqual([{ text: "me@acme.io @me@acme.io" }]);
});
