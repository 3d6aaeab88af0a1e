/** Backend tests: jest + swc. PGlite needs --experimental-vm-modules (set in the npm script). */
module.exports = {
  testEnvironment: "node",
  testTimeout: 30000,
  testMatch: ["<rootDir>/src/**/*.test.ts", "<rootDir>/test/**/*.test.ts"],
  transform: { "^.+\\.(t|j)sx?$": ["@swc/jest"] },
  globalSetup: "<rootDir>/test/support/global-setup.ts",
  globalTeardown: "<rootDir>/test/support/global-teardown.ts",
};
