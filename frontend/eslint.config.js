// ESLint for the studio's front end (flat config): the recommended JavaScript rules, typescript-eslint's
// type-aware rules, and the rules of hooks (Preact's hooks follow React's rules: same names, same call order).
import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/", "src/generated/", "public/", "dist/"] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    files: ["**/*.{ts,tsx}"],
    languageOptions: {
      globals: globals.browser,
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    plugins: { "react-hooks": reactHooks },
    rules: {
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "error",
      // Event handlers given to JSX attributes may be async: Preact ignores what a handler returns, and each
      // such handler catches its own errors (they show in the form). Promises passed anywhere else are checked.
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { attributes: false } }],
      // Off: with tsc's default indexed access, the rule calls the `!` after `list[i]` unnecessary, and its fix
      // also drops casts such as `ymap.toJSON() as Obj`, turning typed values into `any`. The `!` stay as the
      // authors' statement that the index is in range.
      "@typescript-eslint/no-unnecessary-type-assertion": "off",
      // A leading underscore marks a parameter a signature needs but the body does not (as tsc's
      // noUnusedParameters already accepts).
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // the build and test tooling (Node scripts and configs) is plain JavaScript, not type-checked
    files: ["**/*.{js,mjs}", "*.config.ts"],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { ...tseslint.configs.disableTypeChecked.languageOptions, globals: globals.node },
  },
);
