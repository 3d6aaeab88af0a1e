import { cutAtCharacter, shorten } from "./text";

const wellFormed = (s: string) =>
  !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);

describe("cutting text at a whole character", () => {
  test("when the cut would fall between the halves of an emoji, then the emoji goes whole", () => {
    expect(cutAtCharacter("ab😀cd", 3)).toBe("ab");
    expect(cutAtCharacter("ab😀cd", 4)).toBe("ab😀");
    expect(cutAtCharacter("abc", 10)).toBe("abc");
  });
  test("when text is shortened anywhere in a run of emoji, then the result is valid Unicode with an ellipsis", () => {
    const text = "日本語のテキスト😀".repeat(40);
    for (let max = 2; max < 60; max++) {
      const out = shorten(text, max);
      expect([max, wellFormed(out), out.length <= max, out.endsWith("…")]).toEqual([max, true, true, true]);
    }
    expect(shorten("short", 10)).toBe("short");
  });
});
