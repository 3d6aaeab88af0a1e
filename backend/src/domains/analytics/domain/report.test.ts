import { ValidationError } from "../../../shared/app-error";
import { csvCell, csvLine, resolvePeriod } from "./report";

describe("csvCell", () => {
  test("when a cell holds a comma, quote or line break, then it is quoted with quotes doubled", () => {
    expect(csvCell('say "hi", then\nleave')).toBe('"say ""hi"", then\nleave"');
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell(null)).toBe("");
    expect(csvCell(42)).toBe("42");
  });
  test("when a text cell starts like a formula, then it gets a leading apostrophe", () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
    expect(csvCell("+1")).toBe("'+1");
    expect(csvCell("-2")).toBe("'-2");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("\tx")).toBe("'\tx");
    expect(csvCell("a=b")).toBe("a=b");
  });
  test("a line ends with CRLF", () => {
    expect(csvLine(["a", 1, true, null])).toBe("a,1,true,\r\n");
  });
});

describe("resolvePeriod", () => {
  const now = new Date("2026-06-30T12:00:00Z");
  test("when nothing is given, then the last 30 days up to now", () => {
    expect(resolvePeriod({}, now)).toEqual({ from: new Date("2026-05-31T12:00:00Z"), to: now });
  });
  test("when from is after to, or the period exceeds 366 days, then VALIDATION_FAILED", () => {
    expect(() => resolvePeriod({ from: new Date("2026-02-01"), to: new Date("2026-01-01") }, now)).toThrow(
      ValidationError,
    );
    expect(() => resolvePeriod({ from: new Date("2024-01-01"), to: new Date("2026-01-01") }, now)).toThrow(
      ValidationError,
    );
  });
});
