// ESLint (flat config): JavaScript's recommended rules, typescript-eslint's recommended set,
// React's hooks rules, and no `any`. Run by `npm test` (tests/run.js) with --max-warnings 0.
import js from "@eslint/js";
import { defineConfig, globalIgnores } from "eslint/config";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

export default defineConfig([
  globalIgnores([
    "build/",
    "public/build/",
    "node_modules/",
    "test-results/",
    "data/",
    ".cache/",
    "tmp/",
    "db/migrations/meta/",
  ]),

  js.configs.recommended,
  // The non-type-checked set: the type-checked one took four times as long here (about two
  // minutes on two cores), and what it found was mostly JSON.parse's `any` in tests and Remix's
  // `throw redirect(...)`.
  tseslint.configs.recommended,

  {
    files: ["**/*.{js,mjs,cjs,jsx,ts,tsx}"],
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: "module",
      // The app renders on the server and in the browser; tests, scripts and config run in Node.
      globals: { ...globals.node, ...globals.browser },
    },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      // An unused parameter or caught error named with a leading `_` is deliberate.
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_", ignoreRestSiblings: true },
      ],
    },
  },

  {
    // The hooks rules, with the React Compiler's checks that come in the recommended set
    // (no setState in an effect's body, no ref read in render, pure renders, ...).
    files: ["app/**/*.{ts,tsx}"],
    extends: [reactHooks.configs.flat.recommended],
    rules: {
      "react-hooks/exhaustive-deps": "error",
    },
  },

  {
    // The service worker runs in its own global scope.
    files: ["app/service-worker/**/*.js"],
    languageOptions: { globals: { ...globals.serviceworker } },
  },
]);
