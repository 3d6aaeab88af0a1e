/** Backend tests: jest + swc. PGlite needs --experimental-vm-modules (set in the npm script). */
module.exports = {
  testEnvironment: "node",
  testTimeout: 30000,
  testMatch: ["<rootDir>/src/**/*.test.ts", "<rootDir>/test/**/*.test.ts"],
  transform: { "^.+\\.(t|j)sx?$": ["@swc/jest"] },
  // file-type is ESM-only: jest must pick its node export and transform it and its ESM dependencies.
  testEnvironmentOptions: { customExportConditions: ["node", "node-addons", "module-sync"] },
  transformIgnorePatterns: [
    "/node_modules/(?!(file-type|strtok3|token-types|@tokenizer|uint8array-extras|@borewit)/)",
  ],
  globalSetup: "<rootDir>/test/support/global-setup.ts",
  globalTeardown: "<rootDir>/test/support/global-teardown.ts",
};
