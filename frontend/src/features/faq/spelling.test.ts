import { editDistance, suggestSearch } from "./spelling";
import { makeArticle } from "../../../test/fixtures";

const articles = [
  makeArticle({ category: "Returns", question: "When will I get my refund?" }),
  makeArticle({ category: "Orders", question: "How do I track my order?" }),
];

test("edit distance counts a swap of neighbours as one edit", () => {
  expect(editDistance("refnud", "refund")).toBe(1);
  expect(editDistance("refund", "refund")).toBe(0);
  expect(editDistance("trackng", "track")).toBe(2);
  expect(editDistance("", "abc")).toBe(3);
});

test("when a search word is misspelt, then the articles' word is suggested; known and short words stay", () => {
  expect(suggestSearch("refnud", articles)).toBe("refund");
  expect(suggestSearch("Trakc my ordre", articles)).toBe("track my order");
  expect(suggestSearch("refund", articles)).toBeNull();
  expect(suggestSearch("xyzzy plugh", articles)).toBeNull();
  expect(suggestSearch("teleport", [])).toBeNull();
});
