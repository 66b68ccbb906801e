/** How the HTML pages show values that are long or machine-shaped: escaping, signers, times. */

export function escapeHtml(s: string | number | null | undefined): string {
  return String(s ?? "").replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A stored signer label, taken apart for display; `full` is the stored value as it is. */
export interface SignerView {
  /** The certificate's common name (else its whole subject), "public key", or the label when unparsed. */
  name: string;
  /** The first 12 hex digits of the SHA-256 fingerprint, when the label has one. */
  shortFingerprint?: string;
  /** The signature was checked against the key the report names only, not against a trusted one. */
  unverified: boolean;
  full: string;
}

const NOT_VERIFIED = " (not verified)";
const SHORT_FINGERPRINT = 12;

/**
 * The parts of a signer label as the server stores it: `SUBJECT sha256:HEX` for a certificate (core/crypto/keys.ts
 * certificateLabel), `public key sha256:HEX`, either followed by " (not verified)", or "unverified signature".
 */
export function signerView(signer: string): SignerView {
  const unverified = signer.endsWith(NOT_VERIFIED) || signer === "unverified signature";
  const label = signer.endsWith(NOT_VERIFIED) ? signer.slice(0, -NOT_VERIFIED.length) : signer;
  const m = /^(.*) sha256:([0-9a-f]{64})$/.exec(label);
  if (!m) return { name: label, unverified, full: signer };
  const subject = m[1]!;
  const cn = /(?:^|, )CN=(.+?)(?=, [A-Za-z.0-9]+=|$)/.exec(subject)?.[1];
  return {
    name: cn ?? subject,
    shortFingerprint: m[2]!.slice(0, SHORT_FINGERPRINT),
    unverified,
    full: signer,
  };
}

/** The signer as a common name and short fingerprint, the stored value in its tooltip; "unsigned" when none. */
export function signerHtml(signer: string | null): string {
  if (signer === null) return `<span class="muted">unsigned</span>`;
  const v = signerView(signer);
  const fingerprint = v.shortFingerprint ? ` <code>sha256:${v.shortFingerprint}…</code>` : "";
  const note = v.unverified && v.shortFingerprint ? ` <span class="muted">(not verified)</span>` : "";
  return `<span class="signer" title="${escapeHtml(v.full)}">${escapeHtml(v.name)}${fingerprint}${note}</span>`;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * A stored ISO time for people: "just now", "N min ago" or "N h ago" within the last day (as of `now`),
 * else "YYYY-MM-DD HH:MM UTC". An unreadable value is returned as it is.
 */
export function readableTime(iso: string, now: number): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const ago = now - t;
  if (ago >= 0 && ago < MINUTE) return "just now";
  if (ago >= 0 && ago < HOUR) return `${Math.floor(ago / MINUTE)} min ago`;
  if (ago >= 0 && ago < 24 * HOUR) return `${Math.floor(ago / HOUR)} h ago`;
  return `${new Date(t).toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** A <time> element: readable text, the ISO value as its datetime and tooltip. */
export function timeHtml(iso: string, now: number): string {
  const value = escapeHtml(iso);
  return `<time datetime="${value}" title="${value}">${escapeHtml(readableTime(iso, now))}</time>`;
}
