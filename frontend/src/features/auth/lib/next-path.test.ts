import { loginPathFor, safeNextPath } from "./next-path";

test("when next is a path on this site, then it is kept with its query", () => {
  expect(safeNextPath("/admin?ticket=abc&status=open")).toBe("/admin?ticket=abc&status=open");
  expect(loginPathFor("/shop?ticket=1")).toBe("/login?next=%2Fshop%3Fticket%3D1");
});

test("when next points off the site, then it is refused", () => {
  for (const bad of [
    "//evil.io",
    "/\\evil.io",
    "https://evil.io",
    "javascript:alert(1)",
    "evil",
    "/\u0000x",
    null,
    "",
  ]) {
    expect(safeNextPath(bad)).toBeNull();
  }
});
