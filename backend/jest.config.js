/** Backend tests: jest + swc. PGlite needs --experimental-vm-modules (set in the npm script). */
module.exports = {
  testEnvironment: "node",
  testTimeout: 30000,
  testMatch: ["<rootDir>/src/**/*.test.ts", "<rootDir>/test/**/*.test.ts"],
  transform: { "^.+\\.(t|j)sx?$": ["@swc/jest"] },
  // file-type is ESM-only and exports only under `import`: point jest at its Node entry and transform it
  // and its ESM dependencies to CommonJS. (A global `module-sync` export condition would break other
  // packages, e.g. async-function's require.mjs pulled in by supertest.)
  moduleNameMapper: { "^file-type$": "<rootDir>/../node_modules/file-type/index.js" },
  transformIgnorePatterns: [
    "/node_modules/(?!(file-type|strtok3|token-types|@tokenizer|uint8array-extras|@borewit|fflate)/)",
  ],
  globalSetup: "<rootDir>/test/support/global-setup.ts",
  globalTeardown: "<rootDir>/test/support/global-teardown.ts",
};
