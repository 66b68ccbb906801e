import { afterAll, describe, expect, test } from "@jest/globals";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import {
  checkConfig,
  configFromInputs,
  ConfigError,
  INPUT_OPTIONS,
  type InputConfig,
} from "../../../src/core/config/index.js";

/** An empty repository and home: the environment is checkConfig's only source. */
const root = mkdtempSync(join(tmpdir(), "jux-inputs-"));
mkdirSync(join(root, "repo", ".git"), { recursive: true });
afterAll(() => rmSync(root, { recursive: true, force: true }));
const ctx = { cwd: join(root, "repo"), homedir: join(root, "home") };
const fromInputs = (inputs: Record<string, string>): InputConfig =>
  configFromInputs((name) => inputs[name] ?? "", ctx);

function problemOf(inputs: Record<string, string>): string {
  try {
    fromInputs(inputs);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error("expected a ConfigError");
}

describe("the inputs are one more source of the configuration's schema", () => {
  test("the options with an input, under the names action.yml gives them", () => {
    const names = Object.fromEntries(INPUT_OPTIONS.map((o) => [o.name, o.input]));
    expect(names).toEqual({
      storage_mode: "storage_mode",
      api_url: "api_url",
      bearer_token: "api_key",
      api_key_header: "api_key_header",
      api_timeout: "timeout_seconds",
      api_max_retries: "max_retries",
      c14n: "c14n",
      project_name: "project",
      properties: "properties",
      redact: "redact",
    });
    const action = parse(readFileSync("action.yml", "utf8")) as { inputs: Record<string, unknown> };
    for (const o of INPUT_OPTIONS) expect(Object.keys(action.inputs)).toContain(o.input);
  });

  test("action.yml states each input's range as the schema has it (max_retries was 0 to 10, timeout 1 to 600)", () => {
    const action = parse(readFileSync("action.yml", "utf8")) as {
      inputs: Record<string, { description: string }>;
    };
    const ranged = INPUT_OPTIONS.filter((o) => o.max !== undefined);
    expect(ranged.map((o) => o.input)).toEqual(["timeout_seconds", "max_retries"]);
    for (const o of ranged) {
      const low = o.type === "seconds" ? `more than ${o.min}, at most ${o.max}` : `${o.min} to ${o.max}`;
      expect({ input: o.input, description: action.inputs[o.input]!.description }).toEqual({
        input: o.input,
        description: expect.stringContaining(`(${low};`),
      });
    }
  });

  // Every value an input may be given is judged as the same value in JUX_* would be: same result, same words.
  const samples: Record<string, string[]> = {
    storage_mode: ["local", "API", "cloud"],
    api_url: ["https://jux.example.com/api/v1/", "ftp://x.example", "https://x.example/?a=1", "not a url"],
    bearer_token: ["a-long-enough-key", "bad\u0007key-12345"],
    api_key_header: ["X-API-Key", "X Key"],
    api_timeout: ["0", "0.5", "1", "600", "601", "86400", "86401", "-1", "abc", "1e3"],
    api_max_retries: ["0", "10", "11", "100", "101", "-1", "1.5", "x"],
    c14n: ["exclusive", "C14N11", "c14n10"],
    project_name: ["my-project", "two\u0001words"],
    properties: ["team=core", "novalue"],
    redact: ["env:*TOKEN*", "jux:username=mask", "env:*=hide", "a b"],
  };

  test.each(INPUT_OPTIONS.map((o) => [o.input, o] as const))(
    "input %s takes exactly what its option takes from the environment",
    async (input, spec) => {
      for (const raw of samples[spec.name]!) {
        const env = {
          [spec.env[0]!]: raw,
          ...(spec.name === "storage_mode" ? { JUX_API_URL: "https://x.example" } : {}),
        };
        const inputs = {
          [input]: raw,
          ...(spec.name === "storage_mode" ? { api_url: "https://x.example" } : {}),
        };
        const check = await checkConfig({
          env,
          cwd: tmpdir(),
          homedir: ctx.homedir,
          systemFile: join(tmpdir(), "none"),
        });
        const viaEnv = check.loaded
          ? { value: check.loaded.config[spec.key] }
          : { problem: check.problems[0]!.replace(`${spec.env[0]}:`, "") };
        let viaInput: { value?: unknown; problem?: string };
        try {
          viaInput = { value: fromInputs(inputs).config[spec.key] };
        } catch (e) {
          viaInput = { problem: (e as Error).message.replace(`input ${input}:`, "") };
        }
        expect({ raw, ...viaInput }).toEqual({ raw, ...viaEnv });
      }
    },
  );
});

describe("what the inputs give", () => {
  test("nothing given: the configuration's defaults, storage_mode local", () => {
    const { config, origins } = fromInputs({});
    expect(config).toMatchObject({
      storageMode: "local",
      apiKeyHeader: "Authorization",
      apiTimeoutSeconds: 30,
      apiMaxRetries: 3,
      c14n: "c14n11",
      properties: [],
      redact: [],
    });
    expect(config.apiUrl).toBeUndefined();
    expect(origins.storageMode).toEqual({ kind: "default", where: "default, as no api_url is set" });
  });

  test("api_url given: storage_mode defaults to cache; each value's origin names its input", () => {
    const { config, origins } = fromInputs({ api_url: "https://jux.example.com/api/v1/", max_retries: "50" });
    expect(config).toMatchObject({
      storageMode: "cache",
      apiUrl: "https://jux.example.com/api/v1",
      apiMaxRetries: 50,
    });
    expect(origins.apiMaxRetries).toEqual({ kind: "input", where: "input max_retries" });
  });

  test("redact: one pattern per line, checked as the configuration's redact", () => {
    expect(fromInputs({ redact: "env:*TOKEN*\n\n jux:username=mask \n" }).config.redact).toEqual([
      "env:*TOKEN*",
      "jux:username=mask",
    ]);
    expect(problemOf({ redact: "env:*=hide" })).toMatch(
      /^input redact: expected glob patterns over property names/,
    );
  });

  test("properties: one NAME=VALUE per line, so a value keeps its commas (as before)", () => {
    expect(fromInputs({ properties: "tags=a,b\n\n  build=7=seven  \n" }).config.properties).toEqual([
      { name: "tags", value: "a,b" },
      { name: "build", value: "7=seven" },
    ]);
  });

  test("every problem is reported, each naming its input and what it takes", () => {
    const message = problemOf({ max_retries: "101", timeout_seconds: "0", c14n: "c14n10" });
    expect(message.split("; ")).toEqual([
      'input timeout_seconds: must be greater than 0, got "0"',
      'input max_retries: must be at most 100, got "101"',
      'input c14n: expected one of c14n11, exclusive, got "c14n10"',
    ]);
  });

  test("a query in api_url is refused without echoing it (it may hold a token)", () => {
    const problem = problemOf({ api_url: "https://jux.example.com/api/v1?token=s3cr3t-value#frag" });
    expect(problem).toBe(
      'input api_url: must not have a query or fragment (after "https://jux.example.com/api/v1"): give the server\'s base URL',
    );
    expect(problem).not.toContain("s3cr3t");
  });

  test("credentials in api_url point at the api_key input, not at the configuration's names", () => {
    expect(problemOf({ api_url: "https://u:p@jux.example.com/api/v1" })).toBe(
      "input api_url: must not contain credentials (set the api_key input instead)",
    );
  });

  test("a bad api_key is refused without a word of it", () => {
    const message = problemOf({ api_key: "secret-\u0007-value" });
    expect(message).toBe("input api_key: contains a line break or control character (value not shown)");
    expect(message).not.toContain("secret");
  });
});
