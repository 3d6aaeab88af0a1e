/**
 * Secrets and modes (CONTRACT.md v2): production refuses a weak or placeholder JWT_SECRET, demo accounts
 * and TRUST_PROXY=true; development keeps working without a secret.
 */
import fs from "node:fs";
import path from "node:path";
import request from "supertest";
import { ConfigError, loadConfig, parseTrustProxy } from "../../src/config/env";
import { weakSecretReason } from "../../src/config/secrets";
import { createTestContext, TEST_SECRET } from "../support/test-context";
import { spawnParley } from "../support/parley-process";

const ROOT = path.resolve(__dirname, "../../..");
const GOOD = "9f3c1a7e5b2d4c6e8a0f1b3d5c7e9a2b4d6f8e0c";

const production = (env: Record<string, string>) => () => loadConfig({ NODE_ENV: "production", ...env });

describe("JWT_SECRET in production", () => {
  const composePlaceholder = "change-me-to-a-long-random-string";
  test.each([
    ["the docker-compose placeholder", composePlaceholder],
    ["the placeholder in capitals with a number", "CHANGE_ME_TO_A_LONG_RANDOM_STRING_2"],
    ["16 a's", "a".repeat(16)],
    ["64 a's", "a".repeat(64)],
    ["a short pattern repeated", "abc123".repeat(8)],
    ['"secret"', "secret"],
    ['"changeme" padded to length', "changeme-changeme-changeme-changeme"],
    ["31 random characters", GOOD.slice(0, 31)],
    ["few distinct characters", "abababababababababababababababcd"],
  ])("when it is %s, then the start is refused with a readable reason", (_name, secret) => {
    expect(production({ JWT_SECRET: secret })).toThrow(ConfigError);
    expect(production({ JWT_SECRET: secret })).toThrow(/JWT_SECRET: /);
  });

  test("when it is unset, then the start is refused", () => {
    expect(production({})).toThrow(/JWT_SECRET: required/);
  });

  test("when it is 32+ random characters, then production starts", () => {
    expect(weakSecretReason(GOOD)).toBeNull();
    expect(weakSecretReason(TEST_SECRET)).toBeNull();
    expect(production({ JWT_SECRET: GOOD })().jwtSecret).toBe(GOOD);
  });

  test("when the real server is started in production with the placeholder, then it exits 1 and says why", async () => {
    const parley = spawnParley({
      NODE_ENV: "production",
      JWT_SECRET: composePlaceholder,
      DATA_DIR: fs.mkdtempSync("/tmp/parley-secret-"),
    });
    const code = await parley.exited;
    const output = parley.output();
    expect(code).toBe(1);
    expect(output).toContain("Parley cannot start");
    expect(output).toContain("JWT_SECRET: is a known placeholder");
    expect(output).not.toContain("listening");
  });
});

describe("development", () => {
  test("when no secret is set, then it starts (main.ts generates one) and seeds the demo accounts", () => {
    const config = loadConfig({ NODE_ENV: "development" });
    expect(config.jwtSecret).toBeUndefined();
    expect(config.seedDemo).toBe(true);
    expect(config.warnings).toEqual([]);
  });

  test("when a weak secret is set, then it starts with a warning that production would refuse it", () => {
    const config = loadConfig({ NODE_ENV: "development", JWT_SECRET: "a".repeat(20) });
    expect(config.warnings.join("\n")).toMatch(/production would refuse/);
  });
});

describe("demo accounts", () => {
  test("when SEED_DEMO=true in production, then the start is refused", () => {
    expect(production({ JWT_SECRET: GOOD, SEED_DEMO: "true" })).toThrow(/SEED_DEMO: refused/);
    expect(production({ JWT_SECRET: GOOD, SEED_DEMO: "false" })().seedDemo).toBe(false);
  });

  test("when running in production, then /api/auth/demo-accounts does not exist and seeding throws", async () => {
    const prod = await createTestContext({ NODE_ENV: "production" });
    try {
      const res = await request(prod.app).get("/api/auth/demo-accounts");
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe("NOT_FOUND");
      await expect(prod.modules.identity.seedDemo()).rejects.toThrow(/production/);
    } finally {
      await prod.close();
    }
  });

  test("when running in development, then the route still answers (empty until seeded)", async () => {
    const dev = await createTestContext({ NODE_ENV: "development" });
    try {
      const res = await request(dev.app).get("/api/auth/demo-accounts");
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ items: [] });
    } finally {
      await dev.close();
    }
  });
});

describe("TRUST_PROXY", () => {
  test.each(["true", "TRUE", "*"])("when it is %s (trust everyone), then the start is refused", (value) => {
    expect(() => loadConfig({ TRUST_PROXY: value })).toThrow(/TRUST_PROXY: refused/);
  });

  test("when it is a hop count, addresses or subnets, then express gets exactly that", () => {
    expect(parseTrustProxy(undefined)).toBe(false);
    expect(parseTrustProxy("false")).toBe(false);
    expect(parseTrustProxy("0")).toBe(false);
    expect(parseTrustProxy("1")).toBe(1);
    expect(parseTrustProxy("loopback, 10.0.0.0/8, 2001:db8::/32, 192.0.2.7")).toEqual([
      "loopback",
      "10.0.0.0/8",
      "2001:db8::/32",
      "192.0.2.7",
    ]);
    expect(loadConfig({ TRUST_PROXY: "2" }).trustProxy).toBe(2);
  });

  test.each(["yes", "10.0.0.0/33", "not-an-ip", "99"])(
    "when it is %s, then the start is refused",
    (value) => {
      expect(() => loadConfig({ TRUST_PROXY: value })).toThrow(/TRUST_PROXY: /);
    },
  );
});

test("when docker-compose.yml is used, then it requires JWT_SECRET and holds no placeholder secret", () => {
  const compose = fs.readFileSync(path.join(ROOT, "docker-compose.yml"), "utf8");
  expect(compose).toMatch(/JWT_SECRET: \$\{JWT_SECRET:\?[^}]+\}/);
  expect(compose).not.toContain("change-me-to-a-long-random-string");
  expect(compose).not.toMatch(/TRUST_PROXY: "?true/);
});
