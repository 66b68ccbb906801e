/** The emulated service's shared state and the small HTTP vocabulary its handlers answer in. */
import type { Blobs } from "./blobs.js";
import type { Artifact, CacheEntry } from "./state.js";
import type { TokenSigner } from "./token.js";

export interface Faults {
  /** CreateCacheEntry answers ok:false "... already exists", as when another job reserved the key first. */
  reserveConflict?: boolean;
  /** CreateCacheEntry answers ok:false "cache write denied: ...", as for a read-only token. */
  cacheWriteDenied?: boolean;
  /** GetCacheEntryDownloadURL answers 403 "cache read denied: ..." (the client treats it as a miss). */
  cacheReadDenied?: boolean;
  /** CreateArtifact answers 409, as when the run already has an artifact of that name. */
  artifactNameConflict?: boolean;
}

export type RestPermission = "read-write" | "read" | "none";

export interface RequestRecord {
  method: string;
  /** Path and query (never a token: those travel in headers, SAS signatures only in response bodies). */
  path: string;
  status: number;
  /** "CacheService/CreateCacheEntry" and the like, for Twirp calls. */
  twirp?: string;
}

export interface Context {
  owner: string;
  repo: string;
  defaultBranch: string;
  signer: TokenSigner;
  blobs: Blobs;
  entries: CacheEntry[];
  artifacts: Artifact[];
  faults: Faults;
  /** Workflow run id of each run backend id handed out by job(). */
  runs: Map<string, number>;
  /** REST tokens handed out by job(), with what each may do. */
  githubTokens: Map<string, RestPermission>;
  nextId(): number;
}

/** A reply: status, JSON body (or none), extra headers. */
export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export const json = (body: unknown, status = 200): Reply => ({ status, body });

/** A Twirp error reply (https://twitchtv.github.io/twirp/docs/spec_v7.html#error-codes). */
export function twirpError(
  code:
    | "invalid_argument"
    | "unauthenticated"
    | "permission_denied"
    | "not_found"
    | "already_exists"
    | "bad_route",
  msg: string,
): Reply {
  const status = {
    invalid_argument: 400,
    bad_route: 404,
    unauthenticated: 401,
    permission_denied: 403,
    not_found: 404,
    already_exists: 409,
  }[code];
  return { status, body: { code, msg } };
}
