// The README's Quick start, run as written: its shell blocks verbatim in a folder shaped like a fresh clone
// (the real `npx` resolves the clone's own `jux`; the registry is never asked), its workflow through the
// GitHub Actions schema, and its server line started and browsed; the permissions table it links to, in
// docs/action.md. The workflow's inputs are also run through
// the action's bundles in action-modes.test.ts ("default report_paths (the README quick start's inputs)").
import { afterAll, describe, expect, test } from "@jest/globals";
import { validateWorkflow } from "@action-validator/core";
import { spawn, spawnSync } from "node:child_process";
import { X509Certificate, createPublicKey } from "node:crypto";
import { chmodSync, existsSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { basename, join, resolve } from "node:path";
import { parse } from "yaml";
import { cleanUp, tempDir } from "../helpers/serve.js";

const README = readFileSync("README.md", "utf8");
const ACTION_DOC = readFileSync("docs/action.md", "utf8");
const ACTION_INPUTS = Object.keys((parse(readFileSync("action.yml", "utf8")) as { inputs: object }).inputs);

/** The text of `## heading` (or `### heading`) up to the next heading of the same or a higher level. */
function section(text: string, heading: string): string {
  const level = /^#+/.exec(heading)![0].length;
  const start = text.indexOf(`\n${heading}\n`);
  expect({ heading, found: start >= 0 }).toEqual({ heading, found: true });
  const rest = text.slice(start + heading.length + 2);
  const end = rest.search(new RegExp(`^#{1,${level}} `, "m"));
  return end < 0 ? rest : rest.slice(0, end);
}

/** The fenced code blocks of `text` in the language `lang`, in order. */
function blocks(text: string, lang: string): string[] {
  return [...text.matchAll(new RegExp("^```" + lang + "\\n([\\s\\S]*?)^```$", "gm"))].map((m) => m[1]!);
}

const quickStart = section(README, "## Quick start");
const laptop = section(quickStart, "### On a laptop: sign, verify, inspect");
const github = section(quickStart, "### On GitHub: each job's reports signed and kept");
const serverPart = section(quickStart, "### A server: the runs in a browser");
const permissions = section(ACTION_DOC, "## Storage modes and permissions");

/** A folder shaped like a clone after `npm ci`, as far as the quick start uses it. */
function cloneLike(): string {
  const dir = tempDir("jux-quickstart-");
  for (const entry of ["package.json", "dist", "examples", "scripts", ".node24"])
    symlinkSync(resolve(entry), join(dir, entry));
  return dir;
}

/** The environment of a user's shell: npx may run the clone's own bin but never install from the registry. */
function shellEnv(home: string, path = process.env.PATH ?? ""): NodeJS.ProcessEnv {
  return {
    PATH: path,
    HOME: home,
    XDG_DATA_HOME: join(home, ".local", "share"),
    npm_config_yes: "false",
    npm_config_update_notifier: "false",
  };
}

function shell(script: string, cwd: string, env: NodeJS.ProcessEnv) {
  const r = spawnSync("bash", ["-e", "-c", script], { cwd, env, encoding: "utf8", timeout: 120_000 });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

async function freePort(): Promise<number> {
  const probe = createServer().listen(0, "127.0.0.1");
  await new Promise((r) => probe.once("listening", r));
  const { port } = probe.address() as { port: number };
  await new Promise((r) => probe.close(r));
  return port;
}

afterAll(cleanUp);

describe("Quick start, on a laptop", () => {
  const clone = cloneLike();
  test("the shell block runs verbatim with npx in a clone: keygen, sign, verify, inspect", () => {
    const [script] = blocks(laptop, "sh");
    expect(script).toMatch(/^npx jux keygen /m);
    const r = shell(script!, clone, shellEnv(clone));
    expect(r).toMatchObject({ code: 0 });
    expect(r.out).toMatch(/^valid: signed\.xml is signed by CN=my laptop /m);
    expect(r.out).toMatch(/^canonical hash: sha256:[0-9a-f]{64}$/m);
    expect(r.out).toMatch(/^property jux:timestamp = /m);
    for (const file of ["key.pem", "key.crt", "signed.xml"]) expect(existsSync(join(clone, file))).toBe(true);
  });

  test("A server: the line starts jux serve on Node 24, its page opens and shows the report the next line publishes", async () => {
    const [start, publish] = blocks(serverPart, "sh").map((b) => b.trim());
    expect(start).toMatch(/^"\$\(bash scripts\/node24\.sh\)" dist\/cli\/index\.js serve --port 4000 /);
    expect(serverPart).toContain("Open <http://127.0.0.1:4000/>");
    // Verbatim but for the port: 4000 may be taken on a shared machine.
    const port = String(await freePort());
    const child = spawn("bash", ["-c", start!.replaceAll("4000", port)], {
      cwd: clone,
      env: shellEnv(clone),
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    try {
      let out = "";
      child.stdout.setEncoding("utf8").on("data", (s: string) => (out += s));
      for (let i = 0; i < 300 && !out.includes("listening on"); i++)
        await new Promise((r) => setTimeout(r, 50));
      expect(out).toContain(`jux serve: listening on http://127.0.0.1:${port}/api/v1`);
      const page = `http://127.0.0.1:${port}/`;
      expect((await fetch(page)).status).toBe(200);
      const r = shell(publish!.replaceAll("4000", port), clone, shellEnv(clone));
      expect(r).toMatchObject({ code: 0 });
      expect(r.out).toMatch(/^signed\.xml: published \(test run /m);
      expect(await (await fetch(page)).text()).toContain(basename(clone));
    } finally {
      process.kill(-child.pid!, "SIGTERM");
    }
  });
});

describe("Quick start, on GitHub", () => {
  test("the shell block runs verbatim: the key goes to the secret, the certificate to the variable, the key file is removed", () => {
    const clone = cloneLike();
    const bin = tempDir("jux-gh-");
    // A stand-in for the GitHub CLI that records its arguments and what it read on standard input.
    writeFileSync(join(bin, "gh"), `#!/bin/sh\n{ echo "gh $*"; cat; } >> "${join(clone, "gh.log")}"\n`);
    chmodSync(join(bin, "gh"), 0o755);
    const [script] = blocks(github, "sh");
    const r = shell(script!, clone, shellEnv(clone, `${bin}:${process.env.PATH}`));
    expect(r).toMatchObject({ code: 0 });
    const calls = readFileSync(join(clone, "gh.log"), "utf8").split(/^(?=gh )/m);
    expect(calls.map((c) => c.split("\n")[0])).toEqual([
      "gh secret set JUX_SIGNING_KEY --repo my-org/my-project",
      "gh variable set JUX_SIGNING_CERT --repo my-org/my-project",
    ]);
    const key = calls[0]!.slice(calls[0]!.indexOf("\n") + 1);
    const cert = new X509Certificate(calls[1]!.slice(calls[1]!.indexOf("\n") + 1));
    expect(key).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(cert.publicKey.export({ type: "spki", format: "pem" })).toBe(
      createPublicKey(key).export({ type: "spki", format: "pem" }),
    );
    expect(existsSync(join(clone, "ci-key.pem"))).toBe(false);
    expect(existsSync(join(clone, "ci-key.crt"))).toBe(true);
  });

  test("the workflow is valid, uses the action with the secret and variable the shell block set, and if: always()", () => {
    const [workflow] = blocks(github, "yaml");
    expect(validateWorkflow(workflow!).errors).toEqual([]);
    const jobs = (parse(workflow!) as { jobs: Record<string, { permissions: object; steps: Step[] }> }).jobs;
    type Step = { uses?: string; if?: string; with?: Record<string, string> };
    const [job] = Object.values(jobs);
    const step = job!.steps.find((s) => s.uses?.includes("jux-action"));
    expect(step).toEqual({
      uses: "<owner>/jux-action@v1",
      if: "always()",
      with: {
        signing_key: "${{ secrets.JUX_SIGNING_KEY }}",
        signing_cert: "${{ vars.JUX_SIGNING_CERT }}",
      },
    });
    for (const input of Object.keys(step!.with!)) expect(ACTION_INPUTS).toContain(input);
    expect(job!.permissions).toEqual({ contents: "read" });
    expect(github.replace(/\s+/g, " ")).toContain(
      "write the repository you forked or copied this action to in place of `<owner>/jux-action`",
    );
  });

  test("every workflow in the README and docs/action.md uses the action as <owner>/jux-action, and says what <owner> is", () => {
    for (const [file, text] of [
      ["README.md", README],
      ["docs/action.md", ACTION_DOC],
    ] as const) {
      const uses = [...text.matchAll(/uses: ([^\s`]*jux-action[^\s`,]*)/g)].map((m) => m[1]);
      expect({ file, uses: uses.length > 0 }).toEqual({ file, uses: true });
      for (const u of uses) expect({ file, uses: u }).toEqual({ file, uses: "<owner>/jux-action@v1" });
      expect({ file, explained: /forked or copied\s+this action\s+to/.test(text) }).toEqual({
        file,
        explained: true,
      });
      expect({ file, placeholder: text.includes("OWNER/") }).toEqual({ file, placeholder: false });
    }
  });

  test("the permissions table (docs/action.md, linked from the quick start) has one row per storage mode; only cache needs actions: write", () => {
    expect(github).toContain("(docs/action.md#storage-modes-and-permissions)");
    const rows = permissions
      .split("\n")
      .filter((l) => /^\| `(local|api|both|cache)`/.test(l))
      .map((l) => l.split("|").map((c) => c.trim()));
    expect(rows.map((r) => /`(\w+)`/.exec(r[1]!)![1])).toEqual(["local", "api", "both", "cache"]);
    for (const r of rows)
      expect({ mode: r[1], write: r[3]!.includes("`actions: write`") }).toEqual({
        mode: r[1],
        write: r[1]!.startsWith("`cache`"),
      });
    expect(rows[0]![3]).toContain("artifacts need no permission");
  });
});

test("the README says the npm package is not published and how long the tests take", () => {
  expect(quickStart).toContain("The npm package is not published");
  expect(JSON.parse(readFileSync("package.json", "utf8")).private).toBe(true);
  const setUp = section(README, "## Set-up and the two commands");
  expect(setUp).toMatch(/^apt-get install xmlsec1 openssl zstd chromium /m);
  expect(setUp).toMatch(/^npm test +# .*about \d+ minutes/m);
  expect(setUp).toMatch(/^npm run demo -- --keep /m);
});
