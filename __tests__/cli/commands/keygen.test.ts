import { modeOf, rejection } from "../../helpers/assert.js";
import { afterEach, beforeEach, describe, expect, test } from "@jest/globals";
import { createPrivateKey, X509Certificate } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { certificatePathFor, keygen } from "../../../src/cli/commands/keygen.js";
import { UsageError, type CliIo } from "../../../src/core/command/io.js";
import { loadSigningKey } from "../../../src/core/crypto/keys.js";

interface FakeIo extends CliIo {
  out(): string;
  err(): string;
}

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "jux-keygen-"));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function collect(stream: PassThrough): () => string {
  const chunks: Buffer[] = [];
  stream.on("data", (chunk: Buffer) => chunks.push(chunk));
  return () => Buffer.concat(chunks).toString("utf8");
}

function fakeIo(cwd = dir): FakeIo {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  return {
    stdin: new PassThrough(),
    stdout,
    stderr,
    env: {},
    cwd,
    out: collect(stdout),
    err: collect(stderr),
  };
}

function keyLines(pem: string): string[] {
  return pem.split("\n").filter((line) => line !== "" && !line.startsWith("-----"));
}

async function usageErrorOf(argv: string[]): Promise<UsageError> {
  const io = fakeIo();
  const err = await keygen(argv, io).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(UsageError);
  expect(readdirSync(dir)).toEqual([]);
  return err as UsageError;
}

describe("jux keygen", () => {
  test("defaults to RSA 2048 and writes only the key, PKCS#8 with mode 0600", async () => {
    const io = fakeIo();
    expect(await keygen(["--output", "key.pem"], io)).toBe(0);

    const path = join(dir, "key.pem");
    const pem = readFileSync(path, "utf8");
    expect(pem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(modeOf(path)).toBe(0o600);
    const key = createPrivateKey(pem);
    expect(key.asymmetricKeyType).toBe("rsa");
    expect(key.asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(readdirSync(dir)).toEqual(["key.pem"]);

    expect(io.out()).toContain("Generated RSA 2048-bit key");
    expect(io.out()).toContain(`private key: ${path}`);
    expect(io.out()).not.toContain("PRIVATE KEY-----");
    for (const line of keyLines(pem)) expect(io.out()).not.toContain(line);
    expect(io.err()).toBe("");
  });

  test("ECDSA defaults to P-256; --cert writes key.crt (0644) matching the key and prints its fingerprint", async () => {
    const io = fakeIo();
    expect(await keygen(["--type", "ecdsa", "--output", "key.pem", "--cert"], io)).toBe(0);

    const keyPath = join(dir, "key.pem");
    const certPath = join(dir, "key.crt");
    expect(readdirSync(dir).sort()).toEqual(["key.crt", "key.pem"]);
    expect(modeOf(keyPath)).toBe(0o600);
    expect(modeOf(certPath)).toBe(0o644);

    const loaded = loadSigningKey({
      key: readFileSync(keyPath),
      source: keyPath,
      certificate: readFileSync(certPath),
      certificateSource: certPath,
    });
    expect(loaded.algorithm).toEqual({ kind: "ecdsa", curve: "P-256" });
    const cert = new X509Certificate(readFileSync(certPath));
    expect(cert.subject).toBe("CN=jux");
    expect(Date.parse(cert.validTo) - Date.parse(cert.validFrom)).toBe(365 * 86_400_000);

    const out = io.out();
    expect(out).toContain("Generated ECDSA P-256 key");
    expect(out).toContain(`certificate: ${certPath}`);
    expect(out).toContain(`SHA-256 fingerprint: ${cert.fingerprint256}`);
    for (const line of keyLines(readFileSync(keyPath, "utf8"))) expect(out).not.toContain(line);
  });

  test("--curve, --subject (CN=… or bare) and --days-valid are honoured", async () => {
    const io = fakeIo();
    const argv = [
      "--type",
      "ecdsa",
      "--curve",
      "P-384",
      "--output",
      "ci.pem",
      "--cert",
      "--subject",
      "CN=My CI",
    ];
    expect(await keygen([...argv, "--days-valid", "30"], io)).toBe(0);
    const cert = new X509Certificate(readFileSync(join(dir, "ci.crt")));
    expect(cert.subject).toBe("CN=My CI");
    expect(Date.parse(cert.validTo) - Date.parse(cert.validFrom)).toBe(30 * 86_400_000);
    expect(createPrivateKey(readFileSync(join(dir, "ci.pem"))).asymmetricKeyDetails?.namedCurve).toBe(
      "secp384r1",
    );

    expect(
      await keygen(["--type", "ecdsa", "--output", "bare.pem", "--cert", "--subject", "bare name"], fakeIo()),
    ).toBe(0);
    expect(new X509Certificate(readFileSync(join(dir, "bare.crt"))).subject).toBe("CN=bare name");
  });

  test("RSA --bits 3072", async () => {
    expect(await keygen(["--type", "rsa", "--bits", "3072", "--output", "rsa.pem"], fakeIo())).toBe(0);
    expect(createPrivateKey(readFileSync(join(dir, "rsa.pem"))).asymmetricKeyDetails?.modulusLength).toBe(
      3072,
    );
  });

  test("an output without extension gets .crt appended, and missing directories are created with --parents", async () => {
    const io = fakeIo();
    expect(
      await keygen(["--type", "ecdsa", "--output", "keys.d/nested/signing", "--cert", "--parents"], io),
    ).toBe(0);
    const base = join(dir, "keys.d", "nested");
    expect(readdirSync(base).sort()).toEqual(["signing", "signing.crt"]);
    expect(modeOf(join(base, "signing"))).toBe(0o600);
  });

  test("an absolute --output ignores the working directory", async () => {
    const target = join(dir, "abs.pem");
    expect(await keygen(["--type", "ecdsa", "--output", target], fakeIo("/nonexistent-cwd"))).toBe(0);
    expect(existsSync(target)).toBe(true);
  });

  test("refuses to replace an existing key without --force, replaces it with --force", async () => {
    const path = join(dir, "key.pem");
    writeFileSync(path, "old key", { mode: 0o600 });
    await expect(keygen(["--type", "ecdsa", "--output", "key.pem"], fakeIo())).rejects.toThrow(
      `${path} already exists (use --force to replace it)`,
    );
    expect(readFileSync(path, "utf8")).toBe("old key");

    expect(await keygen(["--type", "ecdsa", "--output", "key.pem", "--force"], fakeIo())).toBe(0);
    expect(readFileSync(path, "utf8")).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(modeOf(path)).toBe(0o600);
  });

  test("refuses when only the certificate exists, before writing the key", async () => {
    writeFileSync(join(dir, "key.crt"), "old cert");
    await expect(keygen(["--type", "ecdsa", "--output", "key.pem", "--cert"], fakeIo())).rejects.toThrow(
      /key\.crt already exists \(use --force to replace it\)/,
    );
    expect(readdirSync(dir)).toEqual(["key.crt"]);
  });

  test("an unwritable location is a plain error naming the path and the reason", async () => {
    writeFileSync(join(dir, "file"), "x");
    const err = await rejection(keygen(["--type", "ecdsa", "--output", "file/key.pem"], fakeIo()));
    expect(err).not.toBeInstanceOf(UsageError);
    expect(err.message).toBe(
      `cannot create directory ${join(dir, "file")}: it exists and is not a directory`,
    );
  });

  test("when the certificate cannot be written, the new key is removed again", async () => {
    mkdirSync(join(dir, "key.crt"));
    const err = await rejection(
      keygen(["--type", "ecdsa", "--output", "key.pem", "--cert", "--force"], fakeIo()),
    );
    expect(err.message).toBe(
      `cannot write ${join(dir, "key.crt")}: illegal operation on a directory (EISDIR); ` +
        `the new key ${join(dir, "key.pem")} was removed again`,
    );
    expect(readdirSync(dir)).toEqual(["key.crt"]);
  });

  test("--help prints the usage and writes nothing", async () => {
    const io = fakeIo();
    expect(await keygen(["--help"], io)).toBe(0);
    expect(io.out()).toMatch(/^Usage: jux keygen/);
    expect(io.out()).toContain("--days-valid");
    expect(readdirSync(dir)).toEqual([]);
    const short = fakeIo();
    expect(await keygen(["-h"], short)).toBe(0);
    expect(short.out()).toBe(io.out());
  });

  test.each([
    [["--type", "dsa", "--output", "k.pem"], /--type must be rsa or ecdsa, not "dsa"/],
    [["--bits", "1024", "--output", "k.pem"], /--bits must be one of 2048, 3072, 4096, not "1024"/],
    [["--bits", "2048.0", "--output", "k.pem"], /--bits must be one of/],
    [
      ["--type", "ecdsa", "--curve", "secp256k1", "--output", "k.pem"],
      /--curve must be one of P-256, P-384, P-521/,
    ],
    [["--type", "ecdsa", "--bits", "2048", "--output", "k.pem"], /--bits applies to --type rsa only/],
    [["--curve", "P-256", "--output", "k.pem"], /--curve applies to --type ecdsa only/],
    [["--type", "ecdsa"], /--output is required/],
    [
      ["--type", "ecdsa", "--output", "k.pem", "--cert", "--days-valid", "0"],
      /--days-valid must be a whole number/,
    ],
    [
      ["--type", "ecdsa", "--output", "k.pem", "--cert", "--days-valid", "1y"],
      /--days-valid must be a whole number/,
    ],
    [["--type", "ecdsa", "--output", "k.pem", "--subject", "CN=x"], /--subject applies with --cert only/],
    [["--type", "ecdsa", "--output", "k.pem", "--cert", "--subject", "CN="], /--subject must not be empty/],
    [["--type", "ecdsa", "--output", "k.crt", "--cert"], /must not end in \.crt/],
    [["--type", "ecdsa", "--output", "k.pem", "--bogus"], /keygen: .*--bogus/],
    [["--type", "ecdsa", "--output", "k.pem", "extra"], /keygen: .*extra/],
    [["--type"], /keygen: .*--type/],
  ])("%j is a usage error", async (argv, message) => {
    const err = await usageErrorOf(argv);
    expect(err.message).toMatch(message);
  });
});

describe("certificatePathFor", () => {
  test.each([
    ["/k/key.pem", "/k/key.crt"],
    ["/k/key", "/k/key.crt"],
    ["/k/key.tar.pem", "/k/key.tar.crt"],
    ["/k.d/key", "/k.d/key.crt"],
    ["/k/.hidden", "/k/.hidden.crt"],
  ])("%s → %s", (key, cert) => {
    expect(certificatePathFor(key)).toBe(cert);
  });
});
