/** The server's rules, in-process: the Host check, loopback addresses, build links (moved from e2e/serve-security.test.ts). */
import { describe, expect, it } from "@jest/globals";
import { httpUrl } from "../../src/server/ci-metadata.js";
import { hostAllowed, isLoopback } from "../../src/server/security.js";

describe("the rules, in process", () => {
  it("hostAllowed: localhost, IP literals and the listed names, whatever the port and case", () => {
    const names = new Set(["jux.internal"]);
    const allowed = ["localhost", "LOCALHOST:4000", "localhost.", "127.0.0.1:1", "10.1.2.3", "[::1]:4000"];
    const refused = ["evil.example", "jux.internal.evil.example", "localhost.evil.example", "[::1", ""];
    for (const h of [...allowed, "jux.internal:8443", "Jux.Internal"])
      expect([h, hostAllowed(h, names)]).toEqual([h, true]);
    for (const h of refused) expect([h, hostAllowed(h, names)]).toEqual([h, false]);
    expect(hostAllowed(undefined, names)).toBe(true);
  });

  it("isLoopback: 127.0.0.0/8, ::1 and their IPv4-mapped form only", () => {
    for (const a of ["127.0.0.1", "127.255.0.9", "::1", "0:0:0:0:0:0:0:1", "::ffff:127.0.0.1"])
      expect([a, isLoopback(a)]).toEqual([a, true]);
    for (const a of ["0.0.0.0", "::", "10.0.0.1", "::ffff:10.0.0.1", "localhost", "128.0.0.1"])
      expect([a, isLoopback(a)]).toEqual([a, false]);
  });

  it("httpUrl: absolute http: and https: URLs only", () => {
    for (const u of ["https://ci.example.com/b/1", "http://x", "HTTPS://X/y"]) expect(httpUrl(u)).toBe(u);
    for (const u of [
      "javascript:alert(1)",
      " javascript:x",
      "data:text/html,x",
      "vbscript:x",
      "file:///etc/passwd",
      "/relative",
      "//evil.example/x",
      "ftp://x",
      "",
    ])
      expect([u, httpUrl(u)]).toEqual([u, undefined]);
  });
});
