import js from "@eslint/js";
import tseslint from "typescript-eslint";

/** no-restricted-imports does not see import("..."): the same rooms for dynamic imports. */
function noDynamicImport(rooms, message) {
  return ["error", { selector: `ImportExpression[source.value=/(^|\\/)(${rooms.join("|")})\\//]`, message }];
}

export default tseslint.config(
  { ignores: ["dist/", "node_modules/", "build/", "coverage/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  // Type-aware: the sources get typescript-eslint's recommendedTypeChecked; the tests the promise rules (a
  // forgotten await in a test passes silently), since they read JSON of unknown shape on purpose.
  {
    files: ["src/**/*.ts", "__tests__/**/*.ts"],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
  },
  ...tseslint.configs.recommendedTypeChecked.map((config) => ({ ...config, files: ["src/**/*.ts"] })),
  {
    files: ["__tests__/**/*.ts"],
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
    },
  },
  {
    files: ["**/*.{js,mjs}"],
    languageOptions: {
      globals: {
        process: "readonly",
        console: "readonly",
        Buffer: "readonly",
        URL: "readonly",
        setTimeout: "readonly",
        fetch: "readonly",
      },
    },
  },
  // The rooms (docs/architecture.md): the core imports no application, and the three applications (the action
  // with its entry points, the CLI, the server) import none of each other. Only src/cli/index.ts, the jux entry
  // point, joins the server's command in.
  {
    files: ["src/core/**/*.ts"],
    rules: {
      "no-restricted-syntax": noDynamicImport(
        ["action", "cli", "server", "main", "post"],
        "src/core imports no application (action, cli, server, main, post), not even lazily.",
      ),
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: [
                "@actions/core",
                "@actions/cache",
                "@actions/artifact",
                "@actions/github",
                "@actions/glob",
              ],
              message: "src/core is CI-agnostic: keep the Actions runtime out of it.",
            },
            {
              group: ["**/action/**", "**/cli/**", "**/server/**", "**/main/**", "**/post/**"],
              message:
                "src/core imports no application (action, cli, server, main, post): move the shared code into core.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["src/action/**/*.ts", "src/main/**/*.ts", "src/post/**/*.ts"],
    rules: {
      "no-restricted-syntax": noDynamicImport(
        ["cli", "server"],
        "The action imports nothing from the CLI or the server, not even lazily.",
      ),
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["**/cli/**", "**/server/**"],
              message:
                "The action imports nothing from the CLI or the server: move the shared code into src/core.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["src/cli/**/*.ts"],
    ignores: ["src/cli/index.ts"],
    rules: {
      "no-restricted-syntax": noDynamicImport(
        ["action", "main", "post", "server"],
        "The CLI imports nothing from the action or the server, not even lazily: only src/cli/index.ts joins `jux serve` in.",
      ),
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["**/action/**", "**/main/**", "**/post/**", "@actions/*"],
              message: "The CLI imports nothing from the action: move the shared code into src/core.",
            },
            {
              group: ["**/server/**"],
              message:
                "The CLI imports nothing from the server: src/cli/index.ts alone joins `jux serve` in; move shared code into src/core.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["src/server/**/*.ts"],
    rules: {
      "no-restricted-syntax": noDynamicImport(
        ["action", "cli", "main", "post"],
        "The server imports nothing from the action or the CLI, not even lazily.",
      ),
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["**/action/**", "**/main/**", "**/post/**", "@actions/*", "**/cli/**"],
              message:
                "The server imports nothing from the action or the CLI: move the shared code into src/core.",
            },
          ],
        },
      ],
    },
  },
);
