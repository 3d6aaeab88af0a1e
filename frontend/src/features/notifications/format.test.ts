import { describe, expect, it } from "vitest";
import { emailAddressees } from "./format";

describe("emailAddressees", () => {
  it("names one address, a few addresses, or the count and the first three", () => {
    expect(emailAddressees({ target: "ann@x.test" })).toBe("ann@x.test");
    expect(emailAddressees({ target: "admins", recipients: ["a@x", "b@x"] })).toBe("a@x, b@x");
    expect(emailAddressees({ target: "admins", recipients: ["a@x", "b@x", "c@x", "d@x", "e@x"] })).toBe(
      "5 admins: a@x, b@x, c@x and 2 more",
    );
  });
});
