import { createStatementNamer } from "./named-statements";

describe("createStatementNamer", () => {
  it("gives one text the same name every time, and different texts different names", () => {
    const named = createStatementNamer("p");
    const a = named("SELECT 1");
    const b = named("SELECT 2");
    expect(a.name).toBeDefined();
    expect(named("SELECT 1")).toEqual(a);
    expect(b.name).not.toEqual(a.name);
  });

  it("names at most `max` texts and runs the rest unnamed, keeping the names it gave", () => {
    const named = createStatementNamer("p", 2);
    const first = named("SELECT 1").name;
    named("SELECT 2");
    expect(named("SELECT 3")).toEqual({});
    expect(named("SELECT 1").name).toBe(first);
  });
});
