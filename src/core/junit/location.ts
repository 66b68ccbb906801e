/** Where a test is written: its source file and line, when the report says so or its failure text shows it. */
export interface TestLocation {
  file?: string;
  line?: number;
}

export interface LocationInput {
  suite: string;
  classname: string;
  /** The testcase's `file` and `line` attributes, as written. */
  file?: string;
  line?: string;
  /** Failure texts to search for a frame, in order (the result's text, its message, a retry's text). */
  texts: readonly string[];
}

/** Text searched for frames per case: enough for the test's own frame, bounded whatever the report holds. */
const MAX_SEARCH = 16_384;

interface Frame {
  file: string;
  line: number;
  /** The class a JVM frame is in; a JVM frame counts only when it is in the testcase's class. */
  jvmClass?: string;
}

// Python traceback lines ("path/to/test_x.py:12: AssertionError", 'File "x.py", line 12').
const PYTHON = /(?:^|[\s"'(])([\w./\\-]+\.py)(?::(\d+)|", line (\d+))/gm;
// JVM: "at org.acme.FooTest.method(FooTest.java:12)".
const JVM = /\bat ([\w$.]+)\.[\w$<>-]+\(([\w$-]+\.(?:java|kt|scala|groovy)):(\d+)\)/g;
// .NET: "at Ns.Class.Method() in C:\path\File.cs:line 42".
const DOTNET = / in ((?:[A-Za-z]:)?[^\s:]+\.(?:cs|fs|vb)):line (\d+)/g;
// JavaScript/TypeScript: "at fn (/path/file.test.ts:418:28)" or "at /path/file.js:1:2".
const JS = /\bat (?:[^\n()]{0,200}\()?((?:[A-Za-z]:)?[^\s():]+\.[cm]?[jt]sx?):(\d+):\d+\)?/g;
// Go: "    foo_test.go:12: message".
const GO = /(?:^|\s)([\w./-]+_test\.go):(\d+):/gm;

/** A file named as a test (jest's `*.test.ts`, `__tests__/`): preferred over library frames above it. */
const TEST_FILE =
  /[._-](?:test|spec)\.[cm]?[jt]sx?$|(?:^|[\\/])__tests__[\\/]|_test\.go$|Tests?\.(?:cs|fs|vb)$/;

function positiveInt(s: string | undefined): number | undefined {
  if (s === undefined || !/^\s*\d+\s*$/.test(s)) return undefined;
  const n = Number(s);
  return n > 0 && Number.isSafeInteger(n) ? n : undefined;
}

/** Every frame of `text`, each pattern's matches in text order. */
function framesOf(text: string): { python: Frame[]; jvm: Frame[]; other: Frame[] } {
  const s = text.length > MAX_SEARCH ? text.slice(0, MAX_SEARCH) : text;
  const all = (re: RegExp, make: (m: RegExpExecArray) => Frame | undefined): Frame[] =>
    [...s.matchAll(re)].flatMap((m) => make(m) ?? []);
  const frame = (file: string | undefined, line: string | undefined): Frame | undefined => {
    const n = positiveInt(line);
    return file !== undefined && n !== undefined ? { file, line: n } : undefined;
  };
  return {
    python: all(PYTHON, (m) => frame(m[1], m[2] ?? m[3])),
    jvm: all(JVM, (m) => {
      const f = frame(m[2], m[3]);
      return f && { ...f, jvmClass: m[1]! };
    }),
    other: [
      ...all(DOTNET, (m) => frame(m[1], m[2])),
      ...all(JS, (m) => (/node_modules|^node:|^internal\//.test(m[1]!) ? undefined : frame(m[1], m[2]))),
      ...all(GO, (m) => frame(m[1], m[2])),
    ],
  };
}

/**
 * pytest's module path for a classname ("tests.test_x.TestY" → "tests/test_x.py"): the dotted segments before the
 * first that starts with a capital (a class), for a report whose suite pytest named ("pytest", its default).
 */
export function pytestModulePath(suite: string, classname: string): string | undefined {
  if (suite !== "pytest" || classname === "") return undefined;
  const parts = classname.split(".");
  const end = parts.findIndex((p) => /^[A-Z]/.test(p));
  const module = end === -1 ? parts : parts.slice(0, end);
  return module.length > 0 && module.every((p) => /^\w+$/.test(p)) ? `${module.join("/")}.py` : undefined;
}

function sameFile(a: string, b: string): boolean {
  const norm = (p: string) => p.replace(/\\/g, "/").replace(/^\.\//, "");
  const [x, y] = [norm(a), norm(b)];
  return x === y || x.endsWith(`/${y}`) || y.endsWith(`/${x}`);
}

/** The frame of the test itself among `frames`: in `file` when it is known, else the first that may be the test's. */
function pick(
  frames: ReturnType<typeof framesOf>,
  classname: string,
  file: string | undefined,
): Frame | undefined {
  const inClass = frames.jvm.filter(
    (f) => f.jvmClass === classname || f.jvmClass!.startsWith(`${classname}$`),
  );
  const candidates = [...inClass, ...frames.python, ...frames.other];
  if (file !== undefined) return candidates.find((f) => sameFile(f.file, file));
  const module = classname.replace(/\.[A-Z][^.]*$/, "").replace(/\./g, "/");
  return (
    inClass[0] ??
    frames.python.find((f) => module !== "" && sameFile(f.file, `${module}.py`)) ??
    frames.python[0] ??
    frames.other.find((f) => TEST_FILE.test(f.file)) ??
    frames.other[0]
  );
}

/**
 * A testcase's file and line: the `file` and `line` attributes first; without `file`, pytest's classname as a module
 * path; then a frame of the failure texts fills in what is missing (in the known file only, when one is known). A
 * JVM frame counts only when it is in the testcase's class, JavaScript frames in node_modules or node's internals never.
 */
export function locate(input: LocationInput): TestLocation {
  let file = input.file?.trim() || pytestModulePath(input.suite, input.classname);
  let line = positiveInt(input.line);
  if (line === undefined)
    for (const text of input.texts) {
      const frame = pick(framesOf(text), input.classname, file);
      if (frame) {
        file ??= frame.file;
        line = frame.line;
        break;
      }
    }
  const location: TestLocation = {};
  if (file !== undefined) location.file = file;
  if (line !== undefined) location.line = line;
  return location;
}
