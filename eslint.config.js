import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/", "node_modules/", "build/", "coverage/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
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
  // The rooms (docs in the README's Development section): the core imports no application, and the
  // applications (the action, the CLI and their entry points) import none of each other.
  {
    files: ["src/core/**/*.ts"],
    rules: {
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
              group: ["**/action/**", "**/cli/**", "**/main/**", "**/post/**"],
              message:
                "src/core imports no application (action, cli, main, post): move the shared code into core.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["src/action/**/*.ts", "src/main/**/*.ts", "src/post/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["**/cli/**"],
              message: "The action imports nothing from the CLI: move the shared code into src/core.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["src/cli/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["**/action/**", "**/main/**", "**/post/**", "@actions/*"],
              message: "The CLI imports nothing from the action: move the shared code into src/core.",
            },
          ],
        },
      ],
    },
  },
);
