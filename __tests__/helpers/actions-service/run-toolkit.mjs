// Runs one operation of the REAL @actions/cache / @actions/artifact (from node_modules) against whatever
// service the environment names, and prints its outcome as one line: `@@result <json>`.
// Usage: node run-toolkit.mjs '<json>' with {op: "save", paths, key} | {op: "restore", paths, key, restoreKeys?,
// lookupOnly?} | {op: "upload", name, files, root, retentionDays?} | {op: "list", latest?} | {op: "get", name}
// | {op: "download", id, path} | {op: "delete", name}.
const command = JSON.parse(process.argv[2] ?? "{}");

async function run() {
  switch (command.op) {
    case "save": {
      const cache = await import("@actions/cache");
      return cache.saveCache(command.paths, command.key);
    }
    case "restore": {
      const cache = await import("@actions/cache");
      const options = command.lookupOnly ? { lookupOnly: true } : undefined;
      return (await cache.restoreCache(command.paths, command.key, command.restoreKeys, options)) ?? null;
    }
    case "available": {
      const cache = await import("@actions/cache");
      return cache.isFeatureAvailable();
    }
  }
  const { DefaultArtifactClient } = await import("@actions/artifact");
  const client = new DefaultArtifactClient();
  switch (command.op) {
    case "upload": {
      const options = command.retentionDays ? { retentionDays: command.retentionDays } : {};
      return client.uploadArtifact(command.name, command.files, command.root, options);
    }
    case "list":
      return (await client.listArtifacts({ latest: !!command.latest })).artifacts;
    case "get":
      return (await client.getArtifact(command.name)).artifact;
    case "download":
      return client.downloadArtifact(command.id, { path: command.path });
    case "delete":
      return client.deleteArtifact(command.name);
    default:
      throw new Error(`run-toolkit.mjs: unknown op ${command.op}`);
  }
}

try {
  const result = await run();
  process.stdout.write(`\n@@result ${JSON.stringify({ ok: true, result: result ?? null })}\n`);
} catch (error) {
  process.stdout.write(
    `\n@@result ${JSON.stringify({ ok: false, error: String(error?.message ?? error) })}\n`,
  );
}
