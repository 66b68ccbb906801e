// The README's first command: `npm run demo` runs end to end on embedded defaults, shows each jux command
// before running it, publishes with `jux publish`, explains the two hashes, and with --keep leaves jux serve up.
import { afterAll, describe, expect, test } from "@jest/globals";
import { execFile } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { promisify } from "node:util";

const run = promisify(execFile);
const env = {
  PATH: process.env.PATH ?? "",
  HOME: process.env.HOME ?? "/tmp",
  npm_config_update_notifier: "false",
};
const EXAMPLES = ["TEST-com.example.CartTest.xml", "pytest-junit.xml"];
const escape = (s: string) => s.replaceAll(".", "\\.");

/** Where `needle` is in `text`, after `from`; fails naming it when absent. */
function at(text: string, needle: string, from = 0): number {
  const i = text.indexOf(needle, from);
  expect({ needle, found: i >= 0 }).toEqual({ needle, found: true });
  return i;
}

async function answers(url: string): Promise<boolean> {
  return fetch(url).then(
    () => true,
    () => false,
  );
}

describe("npm run demo", () => {
  let stdout = "";
  test("keygen, jux serve, the CLI, then the action's main and post steps with their summary", async () => {
    ({ stdout } = await run(process.execPath, ["scripts/demo.mjs"], { timeout: 120_000, env }));
    expect(stdout).toContain("Signed, verified and published 2 reports with jux.");
    expect(stdout).toContain("## Jux: 2 report(s), storage mode `api`");
    expect(stdout).toContain("Every report ended well.");
    expect(stdout.match(/\| ✅ \| reports\//g)).toHaveLength(2);
    expect(stdout).toMatch(/The server holds 4 runs/);
  }, 150_000);

  test("prints each jux command as you would type it, then its output", () => {
    at(
      stdout,
      "$ jux keygen --type ecdsa --output signing-key.pem --cert --subject 'jux demo'\nGenerated ECDSA",
    );
    at(
      stdout,
      "$ JUX_SERVE_TOKENS=demo-token jux serve --port 0 --database serve.sqlite --trust signing-key.crt",
    );
    for (const name of EXAMPLES) {
      const sign = at(stdout, `$ jux sign -i reports/${name} -o signed/${name} --key signing-key.pem`);
      const signed = at(stdout, `\nsigned signed/${name}: `, sign);
      expect(stdout.slice(sign, signed)).not.toContain("\n$ ");
      const verify = at(
        stdout,
        `$ jux verify -i signed/${name} --cert signing-key.crt\nvalid: signed/${name}`,
      );
      expect(verify).toBeGreaterThan(signed);
    }
    at(stdout, `$ jux inspect -i signed/${EXAMPLES[0]}\nsigned/${EXAMPLES[0]}: 3 tests`);
  });

  test("publishes with one jux publish command, not a request of its own", () => {
    const files = EXAMPLES.map((n) => `-f signed/${n}`).join(" ");
    const command = new RegExp(
      `^\\$ JUX_API_KEY=demo-token jux publish ${files} --storage-mode api --api-url http://127\\.0\\.0\\.1:\\d+/api/v1$`,
      "m",
    );
    expect(stdout).toMatch(command);
    const after = stdout.slice(stdout.search(command));
    for (const name of EXAMPLES)
      expect(after).toMatch(new RegExp(`^signed/${name}: published \\(test run `, "m"));
    expect(readFileSync("scripts/demo.mjs", "utf8")).not.toMatch(/junit\/submit|method: "POST"/);
  });

  test("explains why each example has two hashes: the action adds the run's metadata", () => {
    const explained = stdout.slice(at(stdout, "Why the server holds each example twice, under two hashes:"));
    for (const name of EXAMPLES) {
      const line = new RegExp(
        `^ {2}${escape(name)} +signed by jux sign: (\\w{12}) +by the action: (\\w{12})$`,
        "m",
      );
      const [, ours, theirs] = line.exec(explained) ?? [];
      // The first is the hash jux sign printed, the second the one in the action's job summary.
      expect(stdout).toMatch(new RegExp(`^signed signed/${escape(name)}: .*sha256:${ours}`, "m"));
      expect(stdout).toMatch(
        new RegExp(`^\\| ✅ \\| reports/${escape(name)} \\|.*\\| \`${theirs}\` \\|`, "m"),
      );
      expect(theirs).not.toBe(ours);
    }
    expect(explained).toContain(
      "the action also recorded the GitHub run, as properties the other copy lacks:",
    );
    expect(explained).toMatch(/env:GITHUB_REPOSITORY, .*env:GITHUB_RUN_ID/);
    expect(explained).toContain("a different report, with a different canonical hash");
  });

  test("without --keep the server is stopped and the demo's files are removed", async () => {
    const api = /listening on (http:\/\/\S+)\/api\/v1/.exec(stdout)![1]!;
    expect(await answers(api)).toBe(false);
    const work = /^In (\S+) \(a copy of examples/m.exec(stdout)![1]!;
    expect(existsSync(work)).toBe(false);
  });
});

describe("npm run demo -- --keep", () => {
  let pid: number | undefined;
  let work: string | undefined;
  afterAll(() => {
    if (pid !== undefined) {
      try {
        process.kill(pid, "SIGTERM");
      } catch {
        // already stopped
      }
    }
    if (work) rmSync(work, { recursive: true, force: true });
  });

  test("leaves jux serve running after the demo exits, prints its page's URL and how to stop it", async () => {
    const { stdout } = await run("npm", ["run", "demo", "--", "--keep"], { timeout: 120_000, env });
    const kept =
      /jux serve keeps running \(pid (\d+)\): open (http:\/\/127\.0\.0\.1:\d+\/) in a browser\./.exec(stdout);
    expect(kept).not.toBeNull();
    pid = Number(kept![1]);
    const page = kept![2]!;
    work = /rm -rf (\S+)$/m.exec(stdout)?.[1];
    expect(stdout).toContain(
      `Stop it with: kill ${pid}; then remove its database, log and keys: rm -rf ${work}`,
    );
    const html = await (await fetch(page)).text();
    expect(html).toContain("demo-action");
    const runs = (await (await fetch(`${page}api/v1/test_runs`)).json()) as {
      pagination: { total_count: number };
    };
    expect(runs.pagination.total_count).toBe(4);
    process.kill(pid, "SIGTERM");
    for (let i = 0; i < 100 && (await answers(page)); i++) await new Promise((r) => setTimeout(r, 50));
    expect(await answers(page)).toBe(false);
  }, 150_000);
});
