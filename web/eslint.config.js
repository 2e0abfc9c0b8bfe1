// ESLint (flat config), `npm run lint`. Formatting is Prettier's (`npm run format`): eslint-config-prettier comes
// last and turns off every rule that would disagree with it. typescript-eslint's rules are the syntactic set, not
// the type-aware one: that needs a full TypeScript program and takes more than twice as long on a CI machine, and
// `npm run typecheck` already runs the compiler.
import js from "@eslint/js";
import { defineConfig, globalIgnores } from "eslint/config";
import prettier from "eslint-config-prettier";
import jsxA11y from "eslint-plugin-jsx-a11y";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

export default defineConfig(
  // Build output, installed packages, and the API client that `npm run gen` writes from docs/openapi.json
  // (`npm run check:gen` compares it with what the generator writes, so it is left as written).
  globalIgnores(["dist/", "node_modules/", "coverage/", "src/api/schema.d.ts", "src/api/constraints.gen.ts"]),
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    rules: {
      // As the compiler's noUnusedLocals: `const { omitted: _, ...rest } = value` leaves a key out.
      "@typescript-eslint/no-unused-vars": ["error", { ignoreRestSiblings: true }],
    },
  },
  {
    files: ["src/**/*.{ts,tsx}"],
    extends: [reactHooks.configs.flat.recommended, jsxA11y.flatConfigs.recommended],
    languageOptions: { globals: globals.browser },
  },
  {
    files: ["scripts/**/*.mjs", "eslint.config.js", "vite.config.ts"],
    languageOptions: { globals: globals.node },
  },
  prettier,
);
