// Bundles the applications into dist/ with esbuild: ESM for Node 22+ (dist/package.json says so for every file),
// and in each entry's folder a licenses.txt listing every package bundled into it.
// - The action: one build of its two steps, dist/main/index.js and dist/post/index.js (action.yml), whose shared
//   code (the @actions toolkit, the core) is one copy in dist/action-chunks/ instead of one in each step; what a
//   step imports lazily (the artifact and cache clients) is in chunks of its own there.
// - The CLI: dist/cli/index.js, its ingest worker, and the lazily imported commands in dist/cli/chunks/.
// `node scripts/bundle.mjs [OUT_ROOT]` (default dist).
//
// esbuild rather than ncc, for the shared chunks: ncc builds one entry point per run, so main and post would
// each carry the toolkit again. Not because ncc fails on the ESM-only @actions/* 3.x: that failure
// (vercel/ncc#1311, "Package path . is not exported") is a CommonJS build's, whose require() resolves under the
// "require" condition those packages do not export. This project is ESM ("type": "module", tsconfig NodeNext),
// and ncc 0.44.1 builds src/main to an ESM bundle that runs (checked 2026-12), as actions/checkout v7 is built.
import { build } from "esbuild";
import { isBuiltin } from "node:module";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The builds: entry points (output path under OUT_ROOT, without .js → source) and the folder of their chunks. */
export const BUILDS = [
  {
    entryPoints: { "main/index": "src/main/index.ts", "post/index": "src/post/index.ts" },
    chunks: "action-chunks",
  },
  {
    // The ingest worker is started by file name (src/server/ingester.ts), so it is an entry point of its own.
    entryPoints: { "cli/index": "src/cli/index.ts", "cli/ingest-worker": "src/server/ingest-worker.ts" },
    chunks: "cli/chunks",
  },
];

/** The repository: paths written into the bundles are relative to it. */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

// CommonJS dependencies call require() for Node built-ins; an ESM bundle has no require of its own.
const BANNER = `import { createRequire as __juxCreateRequire } from "node:module";
const require = __juxCreateRequire(import.meta.url);`;

/**
 * @actions/http-client imports undici (~800 KB) at its top for one class, ProxyAgent, used only behind an HTTP
 * proxy; undici is CommonJS, so the bundle would run all of it at every start of every step and command. This
 * stands in for it there: a ProxyAgent whose construction requires undici (the same copy, bundled) at that moment.
 */
const lazyUndici = {
  name: "lazy-undici",
  setup(build) {
    build.onResolve({ filter: /^undici$/ }, (args) =>
      args.namespace === "file" && /\/node_modules\/@actions\/http-client\//.test(args.importer)
        ? // Relative: the path is written into the bundle (a comment), which must not depend on the checkout's place.
          { path: relative(ROOT, args.importer), namespace: "lazy-undici" }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: "lazy-undici" }, (args) => ({
      contents: `export class ProxyAgent {
  constructor(...options) {
    return new (require("undici").ProxyAgent)(...options);
  }
}
`,
      resolveDir: dirname(resolve(ROOT, args.path)),
      loader: "js",
    }));
  },
};

/**
 * Whether an import names a built-in module. Every `node:` import does, whatever the Node.js that bundles: the
 * list of built-ins grows with each version (node:sqlite is in Node 22.5+), and dist/ must be the same bundled on
 * Node 20, 22 or 24.
 */
const builtin = (path) => path.startsWith("node:") || isBuiltin(path);

/**
 * Node's built-in modules taken with require() (the banner's), not import: importing one builds an ESM facade that
 * reads every export, and node:http's include getters that load Node's own undici (Node 24: import * as http costs
 * ~35 ms of CPU, require("http") ~3 ms), in every step and command at start.
 */
const requireBuiltins = {
  name: "require-builtins",
  setup(build) {
    build.onResolve({ filter: /^(node:)?[a-z_/0-9]+$/ }, (args) => {
      if (!builtin(args.path)) return undefined;
      if (args.namespace === "require-builtin") return { path: args.path, external: true };
      if (args.kind !== "import-statement") return undefined;
      return { path: args.path.replace(/^node:/, ""), namespace: "require-builtin" };
    });
    build.onLoad({ filter: /.*/, namespace: "require-builtin" }, (args) => ({
      contents: `module.exports = require("node:${args.path}");\n`,
      loader: "js",
    }));
  },
};

function packageRoot(input) {
  if (/^(lazy-undici|require-builtin):/.test(input)) return undefined;
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

/** The source files in an output of the build and in every chunk it imports, statically or lazily. */
function inputsOf(outputs, file, seen = new Set()) {
  if (seen.has(file) || !outputs[file]) return [];
  seen.add(file);
  return [
    ...Object.keys(outputs[file].inputs),
    ...outputs[file].imports.flatMap((imported) =>
      imported.external ? [] : inputsOf(outputs, imported.path, seen),
    ),
  ];
}

export async function bundle({ entryPoints, chunks }, outRoot = "dist") {
  const folders = new Set(Object.keys(entryPoints).map((name) => dirname(name)));
  for (const folder of [...folders, chunks]) rmSync(join(outRoot, folder), { recursive: true, force: true });
  const result = await build({
    entryPoints,
    outdir: outRoot,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node22",
    chunkNames: `${chunks}/[name]-[hash]`,
    banner: { js: BANNER },
    legalComments: "none",
    metafile: true,
    plugins: [lazyUndici, requireBuiltins],
    logLevel: "warning",
  });
  // The outputs of the entry points given (a lazily imported module's chunk names an entryPoint too).
  const { outputs } = result.metafile;
  const sources = new Set(Object.values(entryPoints));
  const entries = Object.keys(outputs).filter((file) => sources.has(outputs[file].entryPoint));
  for (const folder of new Set(entries.map((file) => dirname(file)))) {
    const inFolder = entries.filter((file) => dirname(file) === folder);
    writeFileSync(
      join(folder, "licenses.txt"),
      licenses(inFolder.flatMap((file) => inputsOf(outputs, file))),
    );
  }
}

if (resolve(process.argv[1] ?? "") === fileURLToPath(import.meta.url)) {
  const outRoot = process.argv[2] ?? "dist";
  mkdirSync(outRoot, { recursive: true });
  // Every file under dist/ is ESM: the chunks too, which sit in no entry's folder.
  writeFileSync(join(outRoot, "package.json"), `${JSON.stringify({ type: "module" }, null, 2)}\n`);
  for (const spec of BUILDS) await bundle(spec, outRoot);
}
