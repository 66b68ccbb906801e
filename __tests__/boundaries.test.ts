/**
 * The rooms are enforced by ESLint (eslint.config.js), not by a sentence: a deliberate violation in each
 * direction is reported, and the tree as it is has none.
 */
import { describe, expect, it } from "@jest/globals";
import { ESLint } from "eslint";
import { resolve } from "node:path";

const eslint = new ESLint({ cwd: resolve(".") });

async function problems(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(file) });
  return result!.messages.filter((m) => m.ruleId === "no-restricted-imports").map((m) => m.message);
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
    ["src/action/x.ts", 'import { parse } from "../cli/args.js";', /The action imports nothing from the CLI/],
    ["src/main/x.ts", 'import { parse } from "../cli/args.js";', /The action imports nothing from the CLI/],
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
  ];
  for (const [file, code, message] of cases)
    it(`${file}: ${code} is refused`, async () => {
      expect(await problems(file, `${code}\nexport const x = 1;\n`)).toEqual([
        expect.stringMatching(message),
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
  });
});
