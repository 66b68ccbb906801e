/** The run list's and run page's formatting, in-process (moved from e2e/serve-pages.test.ts, which drives the pages in Chromium). */
import { describe, expect, it } from "@jest/globals";
import { readableTime, signerHtml, signerView } from "../../../src/server/views/format.js";
import { pageHref, runsPage } from "../../../src/server/views/runs.js";

describe("html-format (unit)", () => {
  const fp = "ab".repeat(32);
  it.each([
    [`CN=Jux CI sha256:${fp}`, { name: "Jux CI", shortFingerprint: fp.slice(0, 12), unverified: false }],
    [
      `C=DE, O=Acme, CN=ci.acme.example sha256:${fp}`,
      { name: "ci.acme.example", shortFingerprint: fp.slice(0, 12), unverified: false },
    ],
    [
      `CN=a, b, OU=x sha256:${fp} (not verified)`,
      { name: "a, b", shortFingerprint: fp.slice(0, 12), unverified: true },
    ],
    [`O=NoName sha256:${fp}`, { name: "O=NoName", shortFingerprint: fp.slice(0, 12), unverified: false }],
    [`public key sha256:${fp}`, { name: "public key", shortFingerprint: fp.slice(0, 12), unverified: false }],
    ["unverified signature", { name: "unverified signature", unverified: true }],
  ])("signerView(%s)", (label, expected) => {
    expect(signerView(label)).toEqual({ ...expected, full: label });
  });

  it("readableTime: relative within a day, else the UTC minute; unreadable values as they are", () => {
    const now = Date.parse("2026-12-05T06:00:00.000Z");
    expect(readableTime("2026-12-05T05:59:30.000Z", now)).toBe("just now");
    expect(readableTime("2026-12-05T05:57:00.000Z", now)).toBe("3 min ago");
    expect(readableTime("2026-12-05T01:00:00.000Z", now)).toBe("5 h ago");
    expect(readableTime("2026-12-03T05:20:41.123Z", now)).toBe("2026-12-03 05:20 UTC");
    expect(readableTime("2026-12-05T07:00:00.000Z", now)).toBe("2026-12-05 07:00 UTC");
    expect(readableTime("yesterday", now)).toBe("yesterday");
  });

  it("signerHtml: a certificate subject from a report is escaped; an unchecked signer says so", () => {
    const html = signerHtml(`CN=<img src=x onerror=alert(1)>, O=x sha256:${fp} (not verified)`);
    expect(html).not.toContain("<img");
    expect(html).toContain("&#60;img src=x onerror=alert(1)&#62; <code>sha256:abababababab…</code>");
    expect(html).toContain('<span class="muted">(not verified)</span>');
    expect(signerHtml(null)).toBe('<span class="muted">unsigned</span>');
  });

  it("pageHref keeps the filters given (not empty ones, not page) and escapes them", () => {
    const params = new URLSearchParams("project=a%26b&branch=&status=failed&page=3&per_page=5&evil=1");
    expect(pageHref(params, 4)).toBe("/?project=a%26b&#38;status=failed&#38;per_page=5&#38;page=4");
    expect(pageHref(params, 1)).toBe("/?project=a%26b&#38;status=failed&#38;per_page=5");
    expect(pageHref(new URLSearchParams(), 1)).toBe("/");
  });

  it("runsPage: the form shows hostile filter values escaped, and says when nothing matches", () => {
    const params = new URLSearchParams({ project: '"><script>x</script>', status: "failed" });
    const filter = { sortBy: "inserted_at", sortOrder: "desc", page: 1, perPage: 50 } as const;
    const html = runsPage({ runs: [], total: 0, filter, params, now: 0 });
    expect(html).not.toContain("<script");
    expect(html).toContain('name="project" value="&#34;&#62;&#60;script&#62;x&#60;/script&#62;"');
    expect(html).toContain('<option value="failed" selected>failed</option>');
    expect(html).toContain("No runs match these filters.");
  });
});
