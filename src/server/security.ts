/**
 * What keeps `jux serve`'s responses inert in a browser: the headers every response carries, the Host check
 * against DNS rebinding, and the rule for links built from report values.
 */
import { BlockList, isIP } from "node:net";
import { STYLE_HASH } from "./views/layout.js";

/** Every response: no MIME sniffing, no framing, no referrer, no cross-origin embedding. */
const EVERY_RESPONSE: Readonly<Record<string, string>> = {
  "X-Content-Type-Options": "nosniff",
  "X-Frame-Options": "DENY",
  "Referrer-Policy": "no-referrer",
  "Cross-Origin-Resource-Policy": "same-origin",
};

/** HTML pages: no script at all, the one stylesheet by its hash, never framed, no <base>, forms to us only. */
export const HTML_CSP =
  `default-src 'none'; style-src '${STYLE_HASH}'; img-src 'self'; ` +
  `frame-ancestors 'none'; base-uri 'none'; form-action 'self'`;

/** Everything else (JSON, stored report bytes): a sandboxed, opaque origin that may load nothing. */
export const INERT_CSP = "sandbox; default-src 'none'; frame-ancestors 'none'";

/** The security headers for a response of this Content-Type. */
export function securityHeaders(contentType: string): Record<string, string> {
  const html = /^text\/html\b/i.test(contentType);
  const headers: Record<string, string> = {
    ...EVERY_RESPONSE,
    "Content-Security-Policy": html ? HTML_CSP : INERT_CSP,
  };
  // A badge is made to be shown on other sites' pages (<img>, where an SVG runs nothing); opened as a document it
  // is still under INERT_CSP's sandbox.
  if (/^image\/svg\+xml\b/i.test(contentType)) headers["Cross-Origin-Resource-Policy"] = "cross-origin";
  return headers;
}

/**
 * Stored report bytes: shown as text, never parsed as markup (an element in the XHTML namespace would run
 * its script on the server's origin if served as XML), as GitHub's raw view serves files.
 */
export function reportHeaders(runId: string): Record<string, string> {
  return {
    "Content-Type": "text/plain; charset=utf-8",
    "Content-Disposition": `inline; filename="jux-run-${runId.replace(/[^\w-]/g, "")}.xml"`,
  };
}

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet("127.0.0.0", 8, "ipv4");
LOOPBACK.addAddress("::1", "ipv6");
LOOPBACK.addSubnet("::ffff:127.0.0.0", 104, "ipv6");

/** Whether an IP address is a loopback address (127.0.0.0/8, ::1, ::ffff:127.0.0.0/104). */
export function isLoopback(address: string): boolean {
  const family = isIP(address);
  return family !== 0 && LOOPBACK.check(address, family === 4 ? "ipv4" : "ipv6");
}

/** The host name of a Host header, lower case, without port, brackets or a final dot; undefined if malformed. */
export function hostName(header: string): string | undefined {
  const m = /^(?:\[([0-9a-f:.]+)\]|([^:[\]]+))(?::\d{1,5})?$/i.exec(header.trim());
  const name = (m?.[1] ?? m?.[2])?.toLowerCase().replace(/\.$/, "");
  return name || undefined;
}

/**
 * Whether a request's Host header names this server. An IP literal cannot be rebound and `localhost` never
 * goes to DNS; any other name must be listed (the --host value, --allowed-host). No header (HTTP/1.0): no
 * browser, allowed. As Vite's and webpack-dev-server's allowed-hosts checks.
 */
export function hostAllowed(header: string | undefined, names: ReadonlySet<string>): boolean {
  if (header === undefined) return true;
  const name = hostName(header);
  if (name === undefined) return false;
  return isIP(name) !== 0 || name === "localhost" || names.has(name);
}
