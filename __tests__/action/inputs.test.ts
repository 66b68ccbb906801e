import { afterEach, beforeEach, describe, expect, jest, test } from "@jest/globals";
import { InputError, readInputs, type ActionInputs } from "../../src/action/inputs.js";

// @actions/core reads an input from INPUT_<NAME> and masks a secret by writing ::add-mask:: to stdout.
let written: string[];
const saved = { ...process.env };

beforeEach(() => {
  for (const name of Object.keys(process.env)) if (name.startsWith("INPUT_")) delete process.env[name];
  written = [];
  jest.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  });
});

afterEach(() => {
  jest.restoreAllMocks();
  process.env = { ...saved };
});

function given(inputs: Record<string, string>): void {
  for (const [name, value] of Object.entries(inputs)) process.env[`INPUT_${name.toUpperCase()}`] = value;
}

function read(inputs: Record<string, string>, step: "main" | "post" = "main"): ActionInputs {
  given(inputs);
  return readInputs("/nonexistent-workspace", step);
}

function refusal(inputs: Record<string, string>): string {
  try {
    read(inputs);
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as Error).message;
  }
  throw new Error("expected an InputError");
}

const masked = () => written.filter((l) => l.startsWith("::add-mask::")).map((l) => l.slice(12).trim());

describe("the inputs that are configuration options take the configuration's ranges", () => {
  test("max_retries takes 0 to 100, as api_max_retries does (the action took only 0 to 10)", () => {
    expect(read({ max_retries: "50" }).apiMaxRetries).toBe(50);
    expect(read({ max_retries: "100" }).apiMaxRetries).toBe(100);
    expect(refusal({ max_retries: "101" })).toBe('input max_retries: must be at most 100, got "101"');
    expect(refusal({ max_retries: "2.5" })).toBe('input max_retries: expected a whole number, got "2.5"');
  });

  test("timeout_seconds takes more than 0 up to 86400, as api_timeout does (the action took only 1 to 600)", () => {
    expect(read({ timeout_seconds: "3600" }).apiTimeoutSeconds).toBe(3600);
    expect(read({ timeout_seconds: "0.5" }).apiTimeoutSeconds).toBe(0.5);
    expect(refusal({ timeout_seconds: "0" })).toBe('input timeout_seconds: must be greater than 0, got "0"');
    expect(refusal({ timeout_seconds: "86401" })).toBe(
      'input timeout_seconds: must be at most 86400, got "86401"',
    );
  });

  test("api_key_header must be a header name, as the configuration's is", () => {
    expect(read({ api_key_header: "X-API-Key" }).apiKeyHeader).toBe("X-API-Key");
    expect(refusal({ api_key_header: "X API Key" })).toBe(
      'input api_key_header: expected an HTTP header name, got "X API Key"',
    );
  });

  test("every bad input is named at once, with what it takes", () => {
    expect(refusal({ storage_mode: "cloud", c14n: "c14n10" })).toBe(
      'input storage_mode: expected one of local, api, both, cache, got "cloud"; ' +
        'input c14n: expected one of c14n11, exclusive, got "c14n10"',
    );
  });
});

describe("defaults and the action's own rules, unchanged", () => {
  test("no input: local storage, the defaults of action.yml and of the configuration", () => {
    expect(read({})).toEqual({
      reportPaths: ["**/junit*.xml", "**/TEST-*.xml"],
      ifNoFilesFound: "warn",
      storageMode: "local",
      apiKeyHeader: "Authorization",
      c14n: "c14n11",
      properties: [],
      redact: [],
      artifactName: "jux-reports",
      queueKey: "jux-queue",
      spillAfterDays: 5,
      apiMaxRetries: 3,
      apiTimeoutSeconds: 30,
      summary: true,
      failOn: "nothing",
      annotate: true,
      comment: false,
    });
  });

  test("fail_on takes nothing, failures or new-failures (any case); annotate and comment are booleans", () => {
    expect(read({ fail_on: "New-Failures", annotate: "false", comment: "true" })).toMatchObject({
      failOn: "new-failures",
      annotate: false,
      comment: true,
    });
    expect(read({ fail_on: "failures" }).failOn).toBe("failures");
    expect(refusal({ fail_on: "errors" })).toBe(
      'input fail_on: expected one of nothing, failures, new-failures, got "errors"',
    );
    expect(refusal({ fail_on: "nothing", comment: "sometimes" })).toBe(
      'input comment: expected true or false, got "sometimes"',
    );
  });

  test("leg names the matrix leg: kept as given, appended to the artifact name; one short printable line only", () => {
    expect(read({}).leg).toBeUndefined();
    expect(read({ leg: " ubuntu-22 " })).toMatchObject({
      leg: "ubuntu-22",
      artifactName: "jux-reports-ubuntu-22",
    });
    expect(read({ leg: "os: windows/2022", artifact_name: "r" })).toMatchObject({
      leg: "os: windows/2022",
      artifactName: "r-os- windows-2022",
    });
    expect(refusal({ leg: "x".repeat(101) })).toMatch(
      /^input leg: expected one line of at most 100 characters/,
    );
    expect(refusal({ leg: "a\u2028b" })).toMatch(/^input leg: /);
  });

  test("api_url given: storage_mode defaults to cache, the URL without its final /", () => {
    const inputs = read({ api_url: "https://jux.example.com/api/v1/" });
    expect(inputs).toMatchObject({ storageMode: "cache", apiUrl: "https://jux.example.com/api/v1" });
  });

  test("a mode that publishes without api_url names both inputs", () => {
    expect(refusal({ storage_mode: "api" })).toBe(
      "input storage_mode: api needs api_url (the Jux API to publish to)",
    );
  });

  test("spill_after_days: 5 by default, a whole number from 1 to 6 (the cache evicts an entry after 7 days)", () => {
    expect(read({}).spillAfterDays).toBe(5);
    expect(read({ spill_after_days: "1" }).spillAfterDays).toBe(1);
    expect(read({ spill_after_days: "6" }).spillAfterDays).toBe(6);
    for (const bad of ["0", "7", "2.5", "soon"])
      expect(refusal({ spill_after_days: bad })).toBe(
        `input spill_after_days: expected a whole number from 1 to 6 (the cache evicts an entry 7 days after its last access), got "${bad}"`,
      );
  });

  test("project, properties (one per line, commas kept), c14n, and the action-only inputs", () => {
    const inputs = read({
      project: "demo",
      properties: "team=core\nbuild=7=seven\ntags=a,b",
      c14n: "EXCLUSIVE",
      artifact_name: "unit/results:linux",
      retention_days: "5",
      summary: "off",
      if_no_files_found: "error",
    });
    expect(inputs).toMatchObject({
      projectName: "demo",
      properties: [
        { name: "team", value: "core" },
        { name: "build", value: "7=seven" },
        { name: "tags", value: "a,b" },
      ],
      c14n: "exclusive",
      artifactName: "unit-results-linux",
      retentionDays: 5,
      summary: false,
      ifNoFilesFound: "error",
    });
    expect(refusal({ retention_days: "401" })).toBe(
      'input retention_days: expected a whole number from 1 to 400, got "401"',
    );
  });
});

describe("secrets", () => {
  test("every secret input is masked before any check, and no message repeats one", () => {
    const key = "k3y-7ch";
    const message = refusal({
      api_key: key,
      github_token: "ghs_token-value",
      signing_key_passphrase: "pass-phrase",
      storage_mode: "api",
      api_url: "https://jux.example.com/api/v1",
    });
    expect(message).toMatch(/^input api_key: the API key is shorter than 8 characters/);
    expect(message).not.toContain(key);
    expect(masked()).toEqual(expect.arrayContaining([key, "ghs_token-value", "pass-phrase"]));
  });

  test("an api_key with a control character is masked and refused by the schema, without a word of it", () => {
    const key = "abcdefgh\u0007ijklmnop";
    const message = refusal({ api_key: key, api_url: "https://jux.example.com/api/v1" });
    expect(message).toBe("input api_key: contains a line break or control character (value not shown)");
    expect(masked()).toContain(key);
  });

  test("a signing_key path that does not exist is masked and not echoed; the post step never reads it", () => {
    const path = "keys/secret-name.pem";
    const message = refusal({ signing_key: path });
    expect(message).toMatch(/^input signing_key: no such file \(give the PEM text itself/);
    expect(message).not.toContain("secret-name");
    expect(masked()).toContain(path);
    expect(read({ signing_key: path }, "post").signingKey).toBeUndefined();
  });
});
