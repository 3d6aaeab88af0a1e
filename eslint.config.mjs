import js from "@eslint/js";
import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";
import prettier from "eslint-config-prettier";
import globals from "globals";

export default tseslint.config(
  { ignores: ["**/node_modules/**", "**/dist/**", "data/**", "**/coverage/**", "docs/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" },
      ],
    },
  },
  {
    // Type-aware rules: unsafe `any` from untyped rows or responses, and promises nobody awaits.
    files: [
      "backend/src/**/*.ts",
      "backend/bench/**/*.ts",
      "packages/*/src/**/*.ts",
      "frontend/src/**/*.{ts,tsx}",
    ],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" },
      ],
    },
  },
  {
    // Tests read supertest's untyped bodies on purpose (asserting the wire format), but a promise a
    // test forgets to await is a test that cannot fail.
    files: ["backend/test/**/*.ts"],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
      "@typescript-eslint/await-thenable": "error",
    },
  },
  {
    // SQL error codes (23505 unique_violation, 40001, 57014 …) are the repositories' business.
    files: ["backend/src/**/*.ts"],
    ignores: ["backend/src/domains/*/repository/**", "backend/src/platform/**"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector: "Literal[value=/^(0[0-9A-Z]|2[0-9A-Z]|4[02]|5[3-7]|XX)[0-9A-Z]{3}$/]",
          message: "PostgreSQL error codes belong in repositories (or platform/ for connection faults).",
        },
      ],
    },
  },
  {
    // CommonJS config files (dependency-cruiser's) load each other with require().
    files: ["**/*.cjs"],
    languageOptions: { sourceType: "commonjs" },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    files: ["frontend/**/*.{ts,tsx}"],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { "react-hooks": reactHooks },
    rules: {
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "warn",
    },
  },
  prettier,
);
