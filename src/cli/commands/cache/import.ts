import { open } from "node:fs/promises";
import { resolve } from "node:path";
import { json, limitsOf, parse, trustedKeysFrom } from "../../../core/command/args.js";
import { EXIT, UsageError, writeLine, type Command } from "../../../core/command/io.js";
import { errnoCode, osReason } from "../../../core/errors.js";
import { FormatError, ON_CONFLICT } from "../../../core/transfer/jsonl.js";
import { ArchiveRefused, looksLikeTar } from "../../../core/transfer/tar.js";
import { choice, COMMON, exactPositionals, openStore, printHelp } from "./common.js";
import { emptyTally, ImportWriter, tallyLine } from "./import-report.js";
import { importJsonl, importTar } from "./import-sources.js";

const USAGE = `Usage: jux cache import FILE [--on-conflict skip|replace|keep-both] [--cert FILE ...]
                        [--max-size SIZE] [--storage-path DIR] [--json]

Imports an export into the store's reports/: a JSON Lines file of jux serve export or jux cache export
--format jsonl, or a tar of jux cache export --format tar (told apart by their content; csv cannot be
imported). Each report is read as hostile input: the strict reader, its canonical hash recomputed (a file
name or a line's hash is never trusted), with --cert its signature verified. A refused report is named (its
line or member) and the others are imported. A tar holding a link, a directory, a path (..), an unknown name
or a size over the limits is refused whole: nothing of it is imported.

      --on-conflict M   when reports/ already holds the report (same canonical hash; the signature is not
                        part of it):
                          skip       keep the stored copy (default)
                          replace    store the imported bytes instead (e.g. signed by another key);
                                     needs --cert: only a copy that verifies replaces one
                          keep-both  as skip: the same report is kept once; different reports always
                                     have different names, so both are kept (as jux serve import's
                                     keep-both does for a same report)
      --max-size SIZE   the largest report accepted (default 50MB, as jux serve import's --max-body): a
                        longer jsonl line is refused unread; a larger tar member refuses the archive
  -c, --cert FILE       trusted certificate(s) or public key(s), PEM (repeatable): each report must carry a
                        signature that verifies against one
      --json            the tally as JSON

Exit status: 0 every report imported or skipped; 2 some refused (or the file incomplete) and others
imported; 1 nothing imported (not an export, a bad header, a refused archive, every report refused).
`;

/** As jux serve import's --max-body: a store's reports come from CI runs, as a server's submissions do. */
const DEFAULT_MAX_SIZE = "50MB";

const OPTIONS = {
  ...COMMON,
  "on-conflict": { type: "string" },
  cert: { type: "string", short: "c", multiple: true },
  "max-size": { type: "string" },
  json: { type: "boolean" },
} as const;

/** The file's first bytes, to tell a tar from JSON Lines. */
async function head(file: string): Promise<Buffer> {
  let handle;
  try {
    handle = await open(file, "r");
  } catch (e) {
    const hint =
      errnoCode(e) === "ENOENT" ? ": give the file jux cache export or jux serve export wrote" : "";
    throw new Error(`jux cache import: cannot read ${file}: ${osReason(e)}${hint}`, { cause: e });
  }
  try {
    const buffer = Buffer.alloc(512);
    const { bytesRead } = await handle.read(buffer, 0, 512, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

const UNVERIFIED = "its signature does not verify";

/** A reason's first two clauses without their details: "its signature does not verify: no trusted key fits ...". */
function shortReason(why: string): string {
  return why
    .split(": ")
    .slice(0, 2)
    .join(": ")
    .replace(/ \(.*$/, "");
}

/**
 * Each refused report named as it comes, its reason in full the first time only: a reason repeated (17 reports
 * signed by a key --cert does not name) is then its first clause and where it was said in full.
 */
function refusalsSaid(say: (message: string) => void) {
  const first = new Map<string, string>();
  const said = {
    unverified: 0,
    refuse: (source: string, why: string): void => {
      if (why.startsWith(UNVERIFIED)) said.unverified++;
      const earlier = first.get(why);
      if (earlier === undefined) {
        first.set(why, source);
        say(`${source} refused: ${why}`);
      } else say(`${source} refused: ${shortReason(why)} (as ${earlier}, said in full above)`);
    },
  };
  return said;
}

/** A file that is no export at all (exit 1, as a bad header): what it looks like, and what to do with it. */
function notAnExport(file: string, start: Buffer): void {
  const text = start
    .toString("utf8")
    .replace(/^\uFEFF/, "")
    .trimStart();
  if (text.startsWith("{")) return;
  const firstLine = text.split(/\r?\n/, 1)[0] ?? "";
  const what = text.startsWith("<")
    ? "is an XML file (a JUnit report?), not an export: store a report with jux publish --storage-mode local FILE"
    : firstLine.includes(",") && !firstLine.includes("\0")
      ? "looks like a csv export, which cannot be imported: export with jux cache export --format jsonl or tar"
      : "is not an export: give a file of jux cache export --format jsonl|tar or of jux serve export";
  throw new Error(`jux cache import: ${file} ${what}`);
}

export const importCommand: Command = async (argv, io) => {
  const { values, positionals } = parse(argv, OPTIONS, "cache import", true);
  if (values.help) return printHelp(io, USAGE);
  const [given] = exactPositionals("import", positionals, ["FILE"]) as [string];
  const mode = choice("import", "on-conflict", values["on-conflict"], ON_CONFLICT) ?? "skip";
  const maxBytes = limitsOf(values["max-size"] ?? DEFAULT_MAX_SIZE, "cache import").maxBytes!;
  if (mode === "replace" && !values.cert?.length)
    throw new UsageError(
      "jux cache import: --on-conflict replace needs --cert: a stored report is replaced only by a copy whose signature verifies (without it an unsigned or forged copy of the same report could replace a signed one); add --cert FILE, or use skip",
    );
  const trusted = values.cert?.length ? await trustedKeysFrom(values.cert, io) : undefined;
  const file = resolve(io.cwd, given);
  const start = await head(file);
  const tar = looksLikeTar(start);
  if (!tar) notAnExport(file, start);
  const store = await openStore(values, io);
  const tally = emptyTally();
  const say = (message: string) => writeLine(io.stderr, `jux cache import: ${message}`);
  const refusals = refusalsSaid(say);
  const source = {
    file,
    trusted,
    writer: new ImportWriter(store, mode, tally),
    refuse: refusals.refuse,
    note: say,
    now: new Date(),
    maxBytes,
  };
  try {
    await (tar ? importTar(source) : importJsonl(source));
  } catch (e) {
    if (e instanceof ArchiveRefused) {
      const done = tally.imported + tally.replaced === 0 ? "nothing imported" : tallyLine(tally);
      throw new Error(`jux cache import: ${file} is refused whole (${done}): ${e.message}`, { cause: e });
    }
    if (e instanceof FormatError) throw new Error(`jux cache import: ${e.message}`, { cause: e });
    throw e;
  }
  tally.problems.forEach(say);
  if (trusted && refusals.unverified > 0)
    say(
      `${refusals.unverified} report(s) refused because their signature does not verify with --cert: give the certificate (or public key) of the key that signed them (jux inspect shows it), or import without --cert`,
    );
  if (values.json)
    writeLine(io.stdout, json({ file, format: tar ? "tar" : "jsonl", onConflict: mode, ...tally }));
  else writeLine(io.stdout, `jux cache import: ${tallyLine(tally)}`);
  if (tally.refused === 0 && tally.problems.length === 0) return EXIT.ok;
  return tally.imported + tally.skipped + tally.replaced > 0 ? EXIT.usage : EXIT.failure;
};
