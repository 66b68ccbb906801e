import type { IncomingMessage } from "node:http";
import { hostAllowed, hostName } from "../security.js";
import { problem } from "./errors.js";

/** DNS rebinding: a page on another site whose name now resolves to us may not read or submit (403). */
export function requireAllowedHost(req: IncomingMessage, hosts: ReadonlySet<string> | undefined): void {
  const header = req.headers.host;
  if (!hosts || hostAllowed(header, hosts)) return;
  const given = (header ?? "").slice(0, 100);
  const { localAddress: ip = "127.0.0.1", localPort: port } = req.socket;
  const address = `http://${ip.includes(":") ? `[${ip}]` : ip}:${port}`;
  throw problem(403, "Host not allowed", `This server does not answer to the host ${JSON.stringify(given)}`, [
    `Use its address (${address}) or localhost`,
    `Behind a reverse proxy or under another name, start jux serve with --allowed-host ${hostName(given) ?? "NAME"}`,
  ]);
}
