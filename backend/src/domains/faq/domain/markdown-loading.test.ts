/**
 * The renderer's modules load at the first render, not with the module: a server that never saves an FAQ
 * answer does not carry them (docs/benchmarks.md, "Session 45").
 */
describe("the Markdown renderer's modules", () => {
  it("are loaded by the first render, not by importing the renderer", () => {
    const loaded: string[] = [];
    jest.isolateModules(() => {
      for (const name of ["markdown-it", "sanitize-html"]) {
        jest.doMock(name, () => {
          loaded.push(name);
          return jest.requireActual<object>(name);
        });
      }
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { renderAnswer } = require("./markdown") as typeof import("./markdown");
      expect(loaded).toEqual([]);
      expect(renderAnswer("**a**")).toBe("<p><strong>a</strong></p>");
      expect(loaded.sort()).toEqual(["markdown-it", "sanitize-html"]);
    });
  });
});
