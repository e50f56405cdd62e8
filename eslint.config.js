// ESLint for the whole tree (npm run lint; docs/decisions/028-eslint-and-prettier.md). Formatting
// is Prettier's (prettier.config.js), so no rule here is about layout. TypeScript files are linted
// with their types (typescript-eslint's project service reads tsconfig.json): the rules that need
// types are the ones that catch real faults here, a promise nobody awaits above all.
import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["build/", ".react-router/", "node_modules/", "data/", "bench-results/", "coverage/", "public/", "scripts/.*.tmp.ts"] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ["**/*.{ts,tsx}"],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // A promise that is neither awaited, returned nor caught: its failure would go unseen.
      "@typescript-eslint/no-floating-promises": "error",
      // A promise where a value is expected (an async callback to a plain event handler, `if (promise)`).
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { attributes: false } }],
      "@typescript-eslint/await-thenable": "error",
      "@typescript-eslint/no-unnecessary-type-assertion": "error",
    },
  },
  {
    rules: {
      // An `any` needs a comment saying why (../shared/STYLE.md): eslint-disable-next-line with the reason.
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none", ignoreRestSiblings: true },
      ],
    },
  },
  {
    // Migrations take Kysely<any>, as Kysely advises: a migration is frozen at the schema of its
    // day, so it must not be typed against today's (app/database/types.ts), which later ones change.
    files: ["db/migrations/*.ts", "db/migrate.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  {
    files: ["app/**/*.tsx", "app/components/**/*.ts"],
    plugins: { "react-hooks": reactHooks },
    rules: { "react-hooks/rules-of-hooks": "error", "react-hooks/exhaustive-deps": "error" },
  },
  {
    // Plain JavaScript (scripts run by node, configuration): no type information.
    files: ["**/*.{js,mjs,cjs}"],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: {
      globals: {
        process: "readonly",
        console: "readonly",
        URL: "readonly",
        fetch: "readonly",
        setTimeout: "readonly",
        clearTimeout: "readonly",
        Buffer: "readonly",
      },
    },
  },
);
