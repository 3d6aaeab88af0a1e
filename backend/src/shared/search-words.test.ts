import { searchWords } from "./search-words";

describe("searchWords", () => {
  test("when a word carries combining marks (Devanagari, Thai), then it stays one word", () => {
    expect(searchWords("नमस्ते दुनिया")).toEqual(["नमस्ते", "दुनिया"]);
    expect(searchWords("ภาษาไทย ง่าย")).toEqual(["ภาษาไทย", "ง่าย"]);
    // Before: the vowel signs split it, and "दुनिया" became द, न, य, which "दवा नया यह" matches too.
    expect(searchWords("दवा नया यह")).toEqual(["दवा", "नया", "यह"]);
  });
  test("when Arabic or Hebrew is written with or without its optional vowels, then the words are the same", () => {
    expect(searchWords("أُرِيدُ اِسْتِرْدَادَ المَبْلَغِ")).toEqual(searchWords("أريد استرداد المبلغ"));
    expect(searchWords("اســترداد")).toEqual(["استرداد"]); // tatweel
    expect(searchWords("שָׁלוֹם")).toEqual(["שלום"]);
  });
  test("when a Turkish İ is lower-cased, then its dot does not split or change the word", () => {
    expect(searchWords("Flug nach İSTANBUL")).toEqual(["flug", "nach", "istanbul"]);
    expect(searchWords("İstanbul")).toEqual(searchWords("istanbul"));
  });
  test("when text has punctuation, operators or marks with no letter before them, then only words survive", () => {
    expect(searchWords("Order-1042: user@Example.com, 3.5kg Rück-erstattung")).toEqual([
      "order",
      "1042",
      "user",
      "example",
      "com",
      "3",
      "5kg",
      "rück",
      "erstattung",
    ]);
    expect(searchWords(`a' & b | !c:* (d) <-> "e" \\f \u0301x`)).toEqual(["a", "b", "c", "d", "e", "f", "x"]);
    // A decomposed é is composed by NFKC, so it is the same word as the precomposed one.
    expect(searchWords("cafe\u0301")).toEqual(searchWords("café"));
  });
});
