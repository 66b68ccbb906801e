// The committed bundles in dist/ must be exactly what `npm run bundle` builds from the sources, and they must run:
// a bundler builds silently even when the output crashes at run time, so the CLI is run here (and the action's
// steps by the action-* tests).
import { describe, expect, it } from "@jest/globals";
import { execFileSync, spawnSync } from "node:child_process";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import module from "node:module";
import { tmpdir } from "node:os";
import { basename, dirname, join, relative } from "node:path";

/** Whether this Node.js keeps a compile cache at all (22.1+); the spawned jux runs on the same one. */
const hasCompileCache = (): boolean => typeof module.enableCompileCache === "function";

const DIST = "dist/cli";
const STALE = "dist/ is stale: run npm run bundle and commit dist/";
const { version } = JSON.parse(readFileSync("package.json", "utf8")) as { version: string };

function requireDist(): void {
  if (!existsSync(join(DIST, "index.js"))) throw new Error(`${DIST}/index.js is missing: ${STALE}`);
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();
}

// Runs the bundle with the Node that runs the tests (22 or 24), as `node dist/cli/index.js ...`.
function runCli(...args: string[]) {
  return spawnSync(process.execPath, [join(DIST, "index.js"), ...args], {
    encoding: "utf8",
    timeout: 30_000,
  });
}

describe("dist/", () => {
  it("is byte-identical to a fresh npm run bundle of the sources (every entry point)", () => {
    requireDist();
    const out = mkdtempSync(join(tmpdir(), "jux-dist-"));
    try {
      execFileSync(process.execPath, ["scripts/bundle.mjs", out], {
        stdio: ["ignore", "ignore", "pipe"],
        timeout: 120_000,
      });
      const built = listFiles(out);
      expect(built).toContain(join("cli", "index.js"));
      // Same file names: nothing missing from dist/, nothing extra in it.
      expect(listFiles("dist")).toEqual(built);
      const differing = built.filter(
        (file) => !readFileSync(join(out, file)).equals(readFileSync(join("dist", file))),
      );
      expect({ differing, hint: differing.length > 0 ? STALE : "" }).toEqual({ differing: [], hint: "" });
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 150_000);

  it("is ESM: one package.json at the root of dist/ says so for every file, the chunks included", () => {
    requireDist();
    expect(JSON.parse(readFileSync("dist/package.json", "utf8"))).toEqual({ type: "module" });
    expect(listFiles("dist").filter((file) => basename(file) === "package.json")).toEqual(["package.json"]);
  });
});

describe("dist/main and dist/post (the action's steps)", () => {
  const step = (name: string) => readFileSync(`dist/${name}/index.js`, "utf8");
  /**
   * The chunks a step imports, statically or by import() (each entry enables the compile cache, then imports the
   * step's code), and the chunks those import, transitively.
   */
  const chunksOf = (name: string) => {
    const seen = new Set<string>();
    const visit = (text: string) => {
      for (const match of text.matchAll(
        /(?: from |import\(|import )"(?:\.\.\/action-chunks\/|\.\/)([^"]+)"/g,
      ))
        if (!seen.has(match[1]!)) {
          seen.add(match[1]!);
          visit(readFileSync(join("dist/action-chunks", match[1]!), "utf8"));
        }
    };
    visit(step(name));
    return [...seen];
  };

  it("share their code: the @actions toolkit is in a chunk both import, not in either step", () => {
    requireDist();
    const shared = chunksOf("main").filter((chunk) => chunksOf("post").includes(chunk));
    expect(shared).not.toEqual([]);
    const toolkit = "// node_modules/@actions/core/";
    expect(
      shared.some((chunk) => readFileSync(join("dist/action-chunks", chunk), "utf8").includes(toolkit)),
    ).toBe(true);
    expect({ main: step("main").includes(toolkit), post: step("post").includes(toolkit) }).toEqual({
      main: false,
      post: false,
    });
  });

  /** The files a step loads before it runs: the entry and every chunk it imports statically, transitively. */
  function staticClosure(file: string, seen = new Set<string>()): Set<string> {
    if (seen.has(file)) return seen;
    seen.add(file);
    for (const m of readFileSync(file, "utf8").matchAll(
      /^(?:import|export)\s[^;]*?from\s*"(\.[^"]+)"|^import\s*"(\.[^"]+)"/gm,
    ))
      staticClosure(join(dirname(file), m[1] ?? m[2]!), seen);
    return seen;
  }
  const holding = (files: Set<string>, pkg: string) =>
    [...files]
      .filter((f) => readFileSync(f, "utf8").includes(`// node_modules/${pkg}/`))
      .map((f) => relative("dist", f));

  it("load the artifact and cache clients only when a mode uses them: no step imports them at its start", () => {
    requireDist();
    for (const name of ["main", "post"]) {
      const files = staticClosure(`dist/${name}/index.js`);
      expect({
        name,
        artifact: holding(files, "@actions/artifact"),
        cache: holding(files, "@actions/cache"),
      }).toEqual({
        name,
        artifact: [],
        cache: [],
      });
    }
    // They are bundled all the same, in chunks of their own that the steps import when they need them.
    const all = new Set(listFiles("dist/action-chunks").map((f) => join("dist/action-chunks", f)));
    expect(holding(all, "@actions/artifact")).not.toEqual([]);
    expect(holding(all, "@actions/cache")).not.toEqual([]);
  });

  it("take Node's built-in modules with require, never import (node:http's ESM facade loads Node's undici)", () => {
    requireDist();
    const all = [
      ...listFiles("dist/action-chunks").map((f) => join("dist/action-chunks", f)),
      ...["main", "post", "cli"].map((name) => `dist/${name}/index.js`),
      ...listFiles("dist/cli/chunks").map((f) => join("dist/cli/chunks", f)),
    ];
    const importing = all.filter((f) =>
      /^import\s[^;]*?from\s*"(node:)?(http|https|fs|crypto|zlib|stream|os|path)"/m.test(
        readFileSync(f, "utf8"),
      ),
    );
    expect(importing).toEqual([]);
  });

  it("each lists the packages of its shared chunks too in its licenses.txt", () => {
    requireDist();
    for (const name of ["main", "post"])
      expect(readFileSync(`dist/${name}/licenses.txt`, "utf8")).toMatch(
        /^@actions\/core@\d+\.\d+\.\d+\nMIT\n/m,
      );
    expect(readFileSync("dist/post/licenses.txt", "utf8")).toMatch(/^@actions\/cache@\d/m);
  });
});

describe("dist/cli", () => {
  it("lists every bundled package with its license in licenses.txt", () => {
    requireDist();
    const text = readFileSync(join(DIST, "licenses.txt"), "utf8");
    expect(text).toMatch(/^@actions\/http-client@\d+\.\d+\.\d+\nMIT\n/m);
    expect(text).toMatch(/^smol-toml@\d/m);
  });

  it("runs: --help", () => {
    requireDist();
    const result = runCli("--help");
    expect({ status: result.status, stderr: result.stderr }).toMatchObject({ status: 0 });
    expect(result.stdout).toMatch(/\bjux\b/);
  });

  it("runs where Node's compile cache cannot be kept (RUNNER_TEMP a file): the cache is silently left out", () => {
    requireDist();
    const dir = mkdtempSync(join(tmpdir(), "jux-dist-cc-"));
    try {
      const file = join(dir, "not-a-folder");
      writeFileSync(file, "");
      const result = spawnSync(process.execPath, [join(DIST, "index.js"), "--version"], {
        encoding: "utf8",
        timeout: 30_000,
        env: { ...process.env, RUNNER_TEMP: file },
      });
      expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: "" });
      expect(result.stdout).toContain(version);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("keeps the compile cache only in a private folder of its own under RUNNER_TEMP, never through a planted link or in a folder others can write", () => {
    requireDist();
    const dir = mkdtempSync(join(tmpdir(), "jux-dist-ccp-"));
    const run = (runnerTemp: string) =>
      spawnSync(process.execPath, [join(DIST, "index.js"), "--version"], {
        encoding: "utf8",
        timeout: 30_000,
        env: { ...process.env, RUNNER_TEMP: runnerTemp },
      });
    try {
      const kept = hasCompileCache();
      // A fresh RUNNER_TEMP: the cache is kept (the control: the checks below could see one appear).
      const fresh = join(dir, "fresh");
      mkdirSync(fresh);
      expect(run(fresh).status).toBe(0);
      const cache = join(fresh, "jux-compile-cache");
      // Node 20 (no module.enableCompileCache) makes no folder at all.
      expect(existsSync(cache) && readdirSync(cache).length > 0).toBe(kept);
      // jux-compile-cache planted as a link to a folder elsewhere: nothing is written through it.
      const linked = join(dir, "linked");
      const elsewhere = join(dir, "elsewhere");
      mkdirSync(linked);
      mkdirSync(elsewhere);
      symlinkSync(elsewhere, join(linked, "jux-compile-cache"));
      expect(run(linked).status).toBe(0);
      expect(readdirSync(elsewhere)).toEqual([]);
      // A cache folder others can write into: not used.
      const open = join(dir, "open");
      mkdirSync(join(open, "jux-compile-cache"), { recursive: true });
      chmodSync(join(open, "jux-compile-cache"), 0o777);
      expect(run(open).status).toBe(0);
      expect(readdirSync(join(open, "jux-compile-cache"))).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("keeps no compile cache outside a runner: nothing in the OS's shared temp dir, where another user could plant code", () => {
    requireDist();
    const temp = mkdtempSync(join(tmpdir(), "jux-dist-tmp-"));
    try {
      const env: NodeJS.ProcessEnv = { ...process.env, TMPDIR: temp };
      delete env.RUNNER_TEMP;
      delete env.NODE_COMPILE_CACHE;
      const result = spawnSync(process.execPath, [join(DIST, "index.js"), "--version"], {
        encoding: "utf8",
        timeout: 30_000,
        env,
      });
      expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: "" });
      expect(readdirSync(temp)).toEqual([]);
    } finally {
      rmSync(temp, { recursive: true, force: true });
    }
  });

  it("runs: --version prints the package.json version", () => {
    requireDist();
    const result = runCli("--version");
    expect({ status: result.status, stderr: result.stderr }).toMatchObject({ status: 0 });
    expect(result.stdout).toContain(version);
    expect(result.stdout.toLowerCase()).toContain("jux");
  });
});
