// What `npm test` needs from the system: xmlsec1 and openssl (interoperability oracles), zstd (the Actions
// cache's archives) and Chromium at /usr/bin/chromium (the web page in a real browser). Jest's globalSetup: if
// one is missing, one line names it with the apt-get line, and the run stops before any test (the corpus and e2e
// projects' globalSetup, and scripts/test.mjs before them; the unit project needs none of them). Also runnable alone: node scripts/check-system.mjs.
import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";
import { pathToFileURL } from "node:url";

export const CHROMIUM = "/usr/bin/chromium";
export const INSTALL = "apt-get install xmlsec1 openssl zstd chromium";

function executable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The programs missing: xmlsec1, openssl and zstd looked up on `path`, Chromium at its fixed path. */
export function missingPrograms(path = process.env.PATH ?? "", chromium = CHROMIUM) {
  const onPath = (name) => path.split(delimiter).some((dir) => dir !== "" && executable(join(dir, name)));
  const missing = ["xmlsec1", "openssl", "zstd"].filter((name) => !onPath(name));
  return executable(chromium) ? missing : [...missing, chromium];
}

export default function checkSystem() {
  const missing = missingPrograms();
  if (!missing.length) return;
  process.stderr.write(
    `npm test needs programs missing here: ${missing.join(", ")}. Install them with: ${INSTALL}\n`,
  );
  process.exit(1);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) checkSystem();
