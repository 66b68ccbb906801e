// Bundles each entry point into dist/<entry>/ with esbuild: ESM, Node 20+, the lazy command imports split into
// chunks, and licenses.txt listing every bundled package. `node scripts/bundle.mjs [OUT_ROOT]` (default dist).
// esbuild rather than ncc: ncc resolves packages with the "require" condition only, and @actions/* 3.x+ export
// nothing but "import" (vercel/ncc#1311).
import { build } from "esbuild";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const ENTRIES = ["cli", "main", "post"].filter((entry) => existsSync(`src/${entry}/index.ts`));

// CommonJS dependencies call require() for Node built-ins; an ESM bundle has no require of its own.
const BANNER = `import { createRequire as __juxCreateRequire } from "node:module";
const require = __juxCreateRequire(import.meta.url);`;

function packageRoot(input) {
  const parts = input.split("/");
  const at = parts.lastIndexOf("node_modules");
  if (at < 0) return undefined;
  const length = parts[at + 1]?.startsWith("@") ? 2 : 1;
  return parts.slice(0, at + 1 + length).join("/");
}

function licenseText(root) {
  const file = readdirSync(root).find((name) => /^(licen[cs]e|copying)(\.|$)/i.test(name));
  return file ? readFileSync(join(root, file), "utf8").trim() : undefined;
}

function licenses(inputs) {
  const roots = [...new Set(inputs.map(packageRoot).filter(Boolean))];
  const entries = roots.map((root) => {
    const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
    const text = licenseText(root);
    return `${pkg.name}@${pkg.version}\n${pkg.license ?? "license not stated"}\n${text ? `${text}\n` : ""}`;
  });
  return [...new Set(entries)].sort().join("\n");
}

// Worker threads an entry starts by file name: each is an entry point of its own in the same folder.
const WORKERS = { cli: { "ingest-worker": "src/server/ingest-worker.ts" } };

export async function bundle(entry, outRoot = "dist") {
  const outdir = join(outRoot, entry);
  rmSync(outdir, { recursive: true, force: true });
  const result = await build({
    entryPoints: { index: `src/${entry}/index.ts`, ...WORKERS[entry] },
    outdir,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    chunkNames: "chunks/[name]-[hash]",
    banner: { js: BANNER },
    legalComments: "none",
    metafile: true,
    logLevel: "warning",
  });
  writeFileSync(join(outdir, "package.json"), `${JSON.stringify({ type: "module" }, null, 2)}\n`);
  writeFileSync(join(outdir, "licenses.txt"), licenses(Object.keys(result.metafile.inputs)));
}

if (resolve(process.argv[1] ?? "") === fileURLToPath(import.meta.url)) {
  const outRoot = process.argv[2] ?? "dist";
  mkdirSync(outRoot, { recursive: true });
  for (const entry of ENTRIES) await bundle(entry, outRoot);
}
