/** Metadata outside CI: jux reads the repository with the git program. */
import { describe, expect, it } from "@jest/globals";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { collectMetadata } from "../../src/core/junit/metadata.js";
import { asMap } from "../helpers/metadata.js";

describe("metadata collected from the environment", () => {
  it("reads git itself outside CI, without credentials in the remote", () => {
    const repo = mkdtempSync(join(tmpdir(), "jux-git-"));
    try {
      const git = (...args: string[]) => execFileSync("git", args, { cwd: repo, stdio: "pipe" });
      git("init", "-q", "-b", "trunk");
      git("-c", "user.name=t", "-c", "user.email=t@e", "commit", "-q", "--allow-empty", "-m", "x");
      git("remote", "add", "origin", "https://user:s3cret-token@example.com/team/repo-name.git");
      const m = asMap(collectMetadata({ env: {}, cwd: repo }));
      expect(m).toMatchObject({
        project: "repo-name",
        "git:branch": "trunk",
        "git:status": "clean",
        "git:remote": "https://example.com/team/repo-name.git",
      });
      expect(m["git:commit"]).toMatch(/^[0-9a-f]{40}$/);
      expect(JSON.stringify(m)).not.toContain("s3cret");
    } finally {
      rmSync(repo, { recursive: true, force: true });
    }
  });
});
