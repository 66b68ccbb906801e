/**
 * Azurite's blob service (the real Azure Storage emulator) as a child process on a free loopback port, with
 * everything in memory and its working directory in a temporary folder that stop() removes.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** Azurite's well-known development account (public, documented; not a secret). */
export const ACCOUNT = "devstoreaccount1";
export const ACCOUNT_KEY =
  "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

export interface Azurite {
  /** http://127.0.0.1:PORT */
  origin: string;
  port: number;
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
// A test process that dies without calling stop() still takes its emulators with it.
process.once("exit", () => running.forEach((child) => child.kill("SIGKILL")));

export async function startAzurite(timeoutMs = 30_000): Promise<Azurite> {
  const main = fileURLToPath(new URL("./azurite-child.mjs", import.meta.url));
  const dir = mkdtempSync(join(tmpdir(), "azurite-"));
  const child = spawn(
    process.execPath,
    [
      main,
      ...["--blobHost", "127.0.0.1", "--blobPort", "0"],
      ...["--inMemoryPersistence", "--extentMemoryLimit", "1024"],
      ...["--disableTelemetry", "--skipApiVersionCheck", "--silent"],
    ],
    { cwd: dir, stdio: ["pipe", "pipe", "pipe"], env: { PATH: process.env.PATH ?? "" } },
  );
  running.add(child);
  const exited = new Promise<void>((done) => child.once("exit", () => (running.delete(child), done())));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 3000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const port = await listeningPort(child, timeoutMs);
    return { origin: `http://127.0.0.1:${port}`, port, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Resolves with the port Azurite prints once it listens ("... successfully listens on http://127.0.0.1:N"). */
function listeningPort(child: ChildProcess, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => fail(`did not listen within ${timeoutMs} ms`), timeoutMs);
    const fail = (why: string) => {
      clearTimeout(timer);
      reject(new Error(`azurite: ${why}: ${output.trim().split("\n").slice(-3).join(" | ")}`));
    };
    const onData = (chunk: Buffer) => {
      output += chunk.toString("utf8");
      const match = /listens on http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        child.stdout?.off("data", onData);
        resolve(Number(match[1]));
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    child.once("exit", (code, signal) => fail(`exited (${signal ?? code}) before listening`));
  });
}
