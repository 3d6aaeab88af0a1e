import jwt from "jsonwebtoken";
import { createTokenService, VERIFIED_TOKENS_KEPT } from "./token";

const SECRET = "a-test-secret-of-enough-length-for-hs256";
const signed = (claims: Record<string, unknown>, expiresIn: number) =>
  jwt.sign(claims, SECRET, { algorithm: "HS256", subject: "u-1", expiresIn });

describe("verified tokens are remembered until they expire", () => {
  afterEach(() => jest.useRealTimers());

  test("when a token is verified again, then it names the same user, and the principal cannot be changed by one request for the next", () => {
    const tokens = createTokenService(SECRET);
    const token = signed({ role: "shop", shopId: "s-1", name: "Ana" }, 600);
    const first = tokens.verify(token);
    const again = tokens.verify(token);
    expect(again).toEqual({ userId: "u-1", role: "shop", shopId: "s-1", name: "Ana" });
    expect(again).toEqual(first);
    expect(Object.isFrozen(again)).toBe(true);
  });

  test("when a remembered token's exp passes, then it is refused as expired, to the second as jsonwebtoken counts it", () => {
    jest.useFakeTimers({ now: new Date("2026-12-03T12:00:00.000Z") });
    const tokens = createTokenService(SECRET);
    const token = signed({ role: "admin" }, 2);
    expect(tokens.verify(token).role).toBe("admin");
    jest.setSystemTime(new Date("2026-12-03T12:00:01.999Z"));
    expect(tokens.verify(token).role).toBe("admin");
    jest.setSystemTime(new Date("2026-12-03T12:00:02.000Z"));
    expect(() => tokens.verify(token)).toThrow("The token has expired.");
  });

  test("when more tokens than are kept were verified, then the first one is verified afresh and still accepted", () => {
    const tokens = createTokenService(SECRET);
    const first = signed({ role: "admin", name: "first" }, 600);
    tokens.verify(first);
    for (let i = 0; i < VERIFIED_TOKENS_KEPT; i++)
      tokens.verify(signed({ role: "admin", name: `n${i}` }, 600));
    expect(tokens.verify(first).name).toBe("first");
  });

  test("when a token is refused, then it is refused again (nothing refused is remembered)", () => {
    const tokens = createTokenService(SECRET);
    const forged = jwt.sign({ role: "admin" }, "another-secret-another-secret!!", {
      algorithm: "HS256",
      subject: "u-1",
      expiresIn: 600,
    });
    expect(() => tokens.verify(forged)).toThrow("The token is invalid.");
    expect(() => tokens.verify(forged)).toThrow("The token is invalid.");
  });
});

describe("names in claims", () => {
  test("when a name or shop name claim holds line breaks or control characters, then it is read as one line", () => {
    const tokens = createTokenService(SECRET);
    const principal = tokens.verify(
      signed(
        { role: "shop", shopId: "s-1", name: "Ana\nBel", shopName: " Acme\r\n\u2029Outfitters\u0000 " },
        600,
      ),
    );
    expect(principal).toMatchObject({ name: "Ana Bel", shopName: "Acme Outfitters" });
  });
});
