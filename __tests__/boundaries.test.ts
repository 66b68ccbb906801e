/**
 * The rooms are enforced by ESLint (eslint.config.js), not by a sentence: a deliberate violation in each
 * direction is reported, and the tree as it is has none.
 */
import { describe, expect, it } from "@jest/globals";
import { ESLint } from "eslint";
import { rm, writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import tseslint from "typescript-eslint";

const eslint = new ESLint({ cwd: resolve(".") });
/** For code that is not a file in the project (lintText): the room rules only, without type information. */
const untyped = new ESLint({ cwd: resolve("."), overrideConfig: tseslint.configs.disableTypeChecked });

async function problems(file: string, code: string): Promise<string[]> {
  const [result] = await untyped.lintText(code, { filePath: resolve(file) });
  return result!.messages
    .filter((m) => m.ruleId === "no-restricted-imports" || m.ruleId === "no-restricted-syntax")
    .map((m) => m.message);
}

describe("import boundaries", () => {
  const cases: [string, string, RegExp][] = [
    [
      "src/core/store/x.ts",
      'import { main } from "../../action/main.js";',
      /src\/core imports no application/,
    ],
    ["src/core/x.ts", 'import { main } from "../cli/main.js";', /src\/core imports no application/],
    ["src/core/x.ts", 'import * as core from "@actions/core";', /CI-agnostic/],
    ["src/core/x.ts", 'import { JuxApp } from "../server/app.js";', /src\/core imports no application/],
    [
      "src/action/x.ts",
      'import { sign } from "../cli/commands/sign.js";',
      /The action imports nothing from the CLI or the server/,
    ],
    [
      "src/main/x.ts",
      'import { sign } from "../cli/commands/sign.js";',
      /The action imports nothing from the CLI or the server/,
    ],
    [
      "src/action/queue/x.ts",
      'import { Store } from "../../server/store.js";',
      /The action imports nothing from the CLI or the server/,
    ],
    [
      "src/cli/x.ts",
      'import { readInputs } from "../action/inputs.js";',
      /The CLI imports nothing from the action/,
    ],
    [
      "src/cli/commands/x.ts",
      'import * as core from "@actions/core";',
      /The CLI imports nothing from the action/,
    ],
    [
      "src/cli/commands/x.ts",
      'import { JuxApp } from "../../server/app.js";',
      /The CLI imports nothing from the server/,
    ],
    [
      "src/server/x.ts",
      'import { sign } from "../cli/commands/sign.js";',
      /The server imports nothing from the action or the CLI/,
    ],
    ["src/server/x.ts", 'import * as core from "@actions/core";', /The server imports nothing/],
  ];
  for (const [file, code, message] of cases)
    it(`${file}: ${code} is refused`, async () => {
      expect(await problems(file, `${code}\nexport const x = 1;\n`)).toEqual([
        expect.stringMatching(message),
      ]);
    });

  it("the jux entry point alone may join the server's command in", async () => {
    const code = 'export const load = () => import("../server/command.js");\n';
    expect(await problems("src/cli/index.ts", code)).toEqual([]);
    expect(await problems("src/cli/main.ts", code)).toEqual([
      expect.stringMatching(/The CLI imports nothing from the action or the server, not even lazily/),
    ]);
    expect(await problems("src/core/x.ts", 'export const m = () => import("../action/main.js");\n')).toEqual([
      expect.stringMatching(/not even lazily/),
    ]);
  });

  it("imports that follow the rooms are allowed (an application over the core)", async () => {
    expect(
      await problems(
        "src/cli/x.ts",
        'import { readReport } from "../core/report/read-report.js";\nexport const x = readReport;\n',
      ),
    ).toEqual([]);
    expect(
      await problems(
        "src/action/x.ts",
        'import { readReport } from "../core/report/read-report.js";\nexport const x = readReport;\n',
      ),
    ).toEqual([]);
    expect(
      await problems(
        "src/server/x.ts",
        'import { parse } from "../core/command/args.js";\nexport const x = parse;\n',
      ),
    ).toEqual([]);
  });
});

describe("type-aware lint", () => {
  // The typed rules need the file in the TypeScript project: a probe file in src/ for the length of the test.
  async function typedProblems(code: string): Promise<string[]> {
    const file = resolve(`src/core/lint-probe-${process.pid}.ts`);
    await writeFile(file, code);
    try {
      const [result] = await eslint.lintFiles([file]);
      return result!.messages.map((m) => `${m.ruleId}: ${m.message}`);
    } finally {
      await rm(file, { force: true });
    }
  }

  it("a promise left floating or handed to a callback that ignores it is refused in src", async () => {
    const problems = await typedProblems(
      [
        "export async function send(): Promise<void> {}",
        "export function forgotten(): void {",
        "  send();",
        "}",
        "export const timer = setInterval(send, 1000);",
        "",
      ].join("\n"),
    );
    expect(problems).toEqual([
      expect.stringMatching(/^@typescript-eslint\/no-floating-promises: /),
      expect.stringMatching(/^@typescript-eslint\/no-misused-promises: /),
    ]);
  });

  it("the same code with the promise handled passes", async () => {
    const problems = await typedProblems(
      [
        "export async function send(): Promise<void> {}",
        "export function handled(): void {",
        "  void send();",
        "}",
        "export const timer = setInterval(() => void send(), 1000);",
        "",
      ].join("\n"),
    );
    expect(problems).toEqual([]);
  });
});
