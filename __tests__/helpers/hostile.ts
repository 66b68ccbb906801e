/**
 * Reports that try to turn `jux serve`'s pages against their readers, and raw HTTP with any Host header (fetch
 * will not send a forged one).
 */
import { request as httpRequest } from "node:http";

/** A script in the XHTML namespace: it runs if the stored bytes are ever rendered as XML by a browser. */
export const XHTML_SCRIPT =
  `<html:script xmlns:html="http://www.w3.org/1999/xhtml">` +
  `window.pwned = 1; fetch("/pwned-xhtml")</html:script>`;

export const INLINE_SCRIPT = `<script>window.pwned = 2; fetch("/pwned-inline")</script>`;

const attr = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/"/g, "&quot;").replace(/>/g, "&gt;");

/**
 * An unsigned JUnit report for `project`, with these properties, one failing case whose message is
 * INLINE_SCRIPT, and XHTML_SCRIPT as an element inside system-out.
 */
export function hostileReport(project: string, properties: [string, string][] = []): Buffer {
  const props = [["project", project], ...properties]
    .map(([n, v]) => `<property name="${attr(n!)}" value="${attr(v!)}"/>`)
    .join("");
  return Buffer.from(
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
      `<testsuites><testsuite name="hostile" tests="2" failures="1"><properties>${props}</properties>` +
      `<testcase name="test_ok" classname="hostile"/>` +
      `<testcase name="test_bad" classname="hostile"><failure message="${attr(INLINE_SCRIPT)}">` +
      `${attr(INLINE_SCRIPT)}</failure></testcase>` +
      `<system-out>${XHTML_SCRIPT}</system-out></testsuite></testsuites>\n`,
  );
}

export interface RawReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** One request to 127.0.0.1:port with exactly these headers (Host included). */
export function rawRequest(
  port: number,
  path: string,
  headers: Record<string, string>,
  method = "GET",
  body?: Buffer,
): Promise<RawReply> {
  return new Promise((done, fail) => {
    const req = httpRequest({ host: "127.0.0.1", port, path, method, headers, setHost: false }, (res) => {
      let text = "";
      res.setEncoding("utf8").on("data", (s: string) => (text += s));
      res.on("end", () => done({ status: res.statusCode!, headers: res.headers, text }));
    });
    req.on("error", fail);
    req.end(body);
  });
}
