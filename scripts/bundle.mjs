// Bundles each entry point into dist/<entry>/ with @vercel/ncc (ESM output, see README "Development").
import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";

const entries = ["cli"];
for (const entry of entries) {
  rmSync(`dist/${entry}`, { recursive: true, force: true });
  execFileSync(
    process.execPath,
    [
      "node_modules/@vercel/ncc/dist/ncc/cli.js",
      "build",
      `src/${entry}/index.ts`,
      "-o",
      `dist/${entry}`,
      "--license",
      "licenses.txt",
      "--transpile-only",
      "-q",
    ],
    { stdio: "inherit" },
  );
}
