/**
 * Which OIDC tokens may publish (`--oidc-allow` patterns, pure decisions) and what a verified token says of who
 * published (the identity recorded with the run).
 */

/**
 * One `--oidc-allow` pattern: `SUB-GLOB` matches the `sub` claim, `CLAIM=GLOB` a string claim. In a glob, `*`
 * matches any run of characters but `:` (one segment of a sub such as `repo:octo/app:ref:refs/heads/main`),
 * `**` any run including `:`; everything else matches itself, case included.
 */
export interface ClaimPattern {
  /** As given, for messages. */
  text: string;
  claim: string;
  test: RegExp;
}

const CLAIM_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The claims a CLAIM=GLOB pattern may test: each names its owner (GitHub's repository and owner, GitLab's project
 * and namespace), so a pattern always says whose tokens it lets in. `path`: the owner is the value's first path
 * segment; `whole`: the value itself. Not job_workflow_ref: it names a reusable workflow's owner, and any
 * repository may call a public or internal workflow.
 */
const OWNER_CLAIMS: Record<string, "path" | "whole"> = {
  sub: "path",
  repository: "path",
  project_path: "path",
  repository_owner: "whole",
  repository_owner_id: "whole",
  repository_id: "whole",
  namespace_path: "whole",
  namespace_id: "whole",
  project_id: "whole",
};

/** A value no real owner has: a sub pattern that matches it lets any repository in. */
const PROBE = "zz-jux-probe-owner-9q";
const PROBES = [
  PROBE,
  `repo:${PROBE}/${PROBE}`,
  `repo:${PROBE}/${PROBE}:ref:refs/heads/main`,
  `repo:${PROBE}/${PROBE}:pull_request`,
  `repo:${PROBE}/${PROBE}:environment:prod`,
  `project_path:${PROBE}/${PROBE}:ref_type:branch:ref:main`,
];

/** The owner part of a glob (for sub: after `repo:` or `project_path:`), or undefined where no rule says. */
function ownerPart(claim: string, glob: string): string | undefined {
  const how = OWNER_CLAIMS[claim];
  if (how === "whole") return glob;
  if (claim !== "sub") return glob.split("/")[0];
  const prefixed = /^(repo|project_path):([^/:]*)/.exec(glob);
  return prefixed?.[2];
}

function tooBroad(text: string, why: string): Error {
  return new Error(
    `--oidc-allow ${JSON.stringify(text)} ${why}: name the owner without wildcards, e.g. 'repo:OWNER/*:ref:refs/heads/main' or 'repository_owner=OWNER' (an issuer such as GitHub's signs tokens for every repository)`,
  );
}

/**
 * Parses a pattern. Refused: a claim that names no owner (`ref=...` would let every repository's main in), an
 * owner with a wildcard, and a sub pattern that a made-up owner's token would match.
 */
export function parseClaimPattern(text: string): ClaimPattern {
  const given = text.trim();
  const eq = given.indexOf("=");
  const named = eq > 0 && CLAIM_NAME.test(given.slice(0, eq));
  const claim = named ? given.slice(0, eq) : "sub";
  const glob = named ? given.slice(eq + 1) : given;
  if (!(claim in OWNER_CLAIMS))
    throw new Error(
      `--oidc-allow ${JSON.stringify(text)}: the claim ${claim} does not name an owner, so it would let every repository's tokens in; test one of ${Object.keys(OWNER_CLAIMS).join(", ")} (or write a sub pattern: 'repo:OWNER/REPO:ref:refs/heads/main')`,
    );
  const source = glob
    .split(/(\*\*|\*)/)
    .map((part) =>
      part === "**" ? ".*" : part === "*" ? "[^:]*" : part.replace(/[.+?^${}()|[\]\\/-]/g, "\\$&"),
    )
    .join("");
  const test = new RegExp(`^${source}$`, "s");
  const owner = ownerPart(claim, glob);
  if (glob === "" || (owner !== undefined && (owner === "" || owner.includes("*"))))
    throw tooBroad(text, "would let any token of the issuer publish (its owner is empty or a wildcard)");
  if (claim === "sub" && !/^(repo|project_path):[^*/:]+\//.test(glob))
    throw tooBroad(
      text,
      "would let any token of the issuer publish (it does not start with its owner as written: repo:OWNER/ for GitHub, project_path:GROUP/ for GitLab)",
    );
  if (claim === "sub" && PROBES.some((probe) => test.test(probe)))
    throw tooBroad(text, "would let any token of the issuer publish (it matches any owner's sub)");
  if (claim === "sub" && /^(repo|project_path):[^:]+:\*$/.test(glob))
    // Cloud providers' trust policies (AWS's StringLike) let `repo:OWNER/REPO:*` cross ':'; here it would not.
    throw new Error(
      `--oidc-allow ${JSON.stringify(text)}: a final ':*' matches one segment only (pull_request), not 'ref:refs/heads/main' or 'environment:prod': write ${JSON.stringify(`${glob}*`)} for all of them, or the context itself (e.g. ${JSON.stringify(`${glob.slice(0, -1)}ref:refs/heads/main`)})`,
    );
  return { text: given, claim, test };
}

/** The first pattern the claims satisfy, or undefined; a claim that is missing or not a string matches nothing. */
export function allowedBy(
  patterns: readonly ClaimPattern[],
  claims: Record<string, unknown>,
): ClaimPattern | undefined {
  return patterns.find((p) => {
    const value = claims[p.claim];
    return typeof value === "string" && p.test.test(value);
  });
}

/** Who published a run, as the server recorded it (stored as JSON in test_runs.published_by). */
export interface Publisher {
  method: "oidc" | "api-key";
  /** OIDC only: the token's iss and sub, and what it says of the CI run (GitHub's claims; GitLab's where named). */
  issuer?: string;
  subject?: string;
  repository?: string;
  workflow?: string;
  ref?: string;
  sha?: string;
  runId?: string;
  actor?: string;
  eventName?: string;
}

/** Claims longer than this are cut (they are shown on a page and stored with every run). */
const MAX_CLAIM = 300;

function text(claims: Record<string, unknown>, ...names: string[]): string | undefined {
  for (const name of names) {
    const value = claims[name];
    if (typeof value === "string" && value !== "") return value.slice(0, MAX_CLAIM);
    if (typeof value === "number" && Number.isFinite(value)) return String(value);
  }
  return undefined;
}

/** The identity a verified token gives: GitHub's claim names first, then GitLab's (project_path, pipeline_id). */
export function publisherOf(issuer: string, claims: Record<string, unknown>): Publisher {
  const fields = {
    issuer,
    subject: text(claims, "sub"),
    repository: text(claims, "repository", "project_path"),
    workflow: text(claims, "workflow", "job_workflow_ref", "ci_config_ref_uri"),
    ref: text(claims, "ref"),
    sha: text(claims, "sha"),
    runId: text(claims, "run_id", "pipeline_id"),
    actor: text(claims, "actor", "user_login"),
    eventName: text(claims, "event_name", "pipeline_source"),
  };
  return {
    method: "oidc",
    ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)),
  };
}

/** A stored publisher read back; undefined for none or a value this version does not understand. */
export function parsePublisher(stored: string | null): Publisher | undefined {
  if (!stored) return undefined;
  try {
    const value = JSON.parse(stored) as Publisher;
    return value && (value.method === "oidc" || value.method === "api-key") ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The client an OIDC token stands for, for Idempotency-Keys and the rate limit: its issuer and repository (its sub
 * when it names none), so that a retry with a refreshed token replays the same response.
 */
export function oidcClient(publisher: Publisher): string {
  return `oidc:${publisher.issuer}:${publisher.repository ?? publisher.subject ?? ""}`;
}
