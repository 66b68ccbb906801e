// The committed bundle in dist/cli/ must be exactly what `npm run bundle` builds from the sources, and it must run:
// A bundler builds silently even when the output crashes at run time, so the bundle is also run.
import { describe, expect, it } from "@jest/globals";
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";

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

// Runs the bundle with the Node that runs the tests (20 or 24), as `node dist/cli/index.js ...`.
function runCli(...args: string[]) {
  return spawnSync(process.execPath, [join(DIST, "index.js"), ...args], {
    encoding: "utf8",
    timeout: 30_000,
  });
}

describe("dist/cli", () => {
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

  it("lists every bundled package with its license in licenses.txt", () => {
    requireDist();
    const text = readFileSync(join(DIST, "licenses.txt"), "utf8");
    expect(text).toMatch(/^@actions\/http-client@\d+\.\d+\.\d+\nMIT\n/m);
    expect(text).toMatch(/^smol-toml@\d/m);
  });

  it("is marked as ESM by a package.json beside the bundle", () => {
    requireDist();
    expect(JSON.parse(readFileSync(join(DIST, "package.json"), "utf8"))).toEqual({ type: "module" });
  });

  it("runs: --help", () => {
    requireDist();
    const result = runCli("--help");
    expect({ status: result.status, stderr: result.stderr }).toMatchObject({ status: 0 });
    expect(result.stdout).toMatch(/\bjux\b/);
  });

  it("runs: --version prints the package.json version", () => {
    requireDist();
    const result = runCli("--version");
    expect({ status: result.status, stderr: result.stderr }).toMatchObject({ status: 0 });
    expect(result.stdout).toContain(version);
    expect(result.stdout.toLowerCase()).toContain("jux");
  });
});
