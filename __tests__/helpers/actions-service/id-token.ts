/**
 * The runner's ID-token endpoint (what `permissions: id-token: write` gives a job): GET
 * ACTIONS_ID_TOKEN_REQUEST_URL (`...?api-version=2.0`, to which the toolkit appends `&audience=...`) with
 * `Authorization: Bearer ACTIONS_ID_TOKEN_REQUEST_TOKEN` answers `{"value": "<JWT>"}` as GitHub does; the JWT comes
 * from the test's `mint` (e.g. the local OIDC issuer's). A missing or wrong request token answers 401.
 */
import { randomBytes } from "node:crypto";
import { json, type Reply } from "./context.js";

export interface IdTokenOptions {
  /** The job's token for an audience (GitHub's default audience, without one, is https://github.com/OWNER). */
  mint: (audience: string) => Promise<string>;
}

export interface IdTokenRequest {
  /** The job's backend id (whose endpoint was asked). */
  job: string;
  /** The audience asked for, or undefined when the query had none. */
  audience?: string;
  status: number;
}

interface Grant {
  secret: string;
  options: IdTokenOptions;
}

/** The path of a job's endpoint, as the runner's: .../plans/<run>/jobs/<job>/idtoken. */
const PATH = /^\/_apis\/distributedtask\/hubs\/Actions\/plans\/([\w-]+)\/jobs\/([\w-]+)\/idtoken$/;

export class IdTokens {
  private readonly grants = new Map<string, Grant>();
  readonly log: IdTokenRequest[] = [];
  /** Answer every request with this status (e.g. 500), or normally again (undefined). */
  failWith: number | undefined;

  constructor(private readonly owner: string) {}

  /** The job's environment for its endpoint (a fresh request token per job). */
  grant(url: string, run: string, job: string, options: IdTokenOptions): Record<string, string> {
    const secret = randomBytes(24).toString("base64url");
    this.grants.set(job, { secret, options });
    return {
      ACTIONS_ID_TOKEN_REQUEST_URL: `${url}/_apis/distributedtask/hubs/Actions/plans/${run}/jobs/${job}/idtoken?api-version=2.0`,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: secret,
    };
  }

  /** Whether this request is for an ID-token endpoint. */
  static matches(url: URL): boolean {
    return PATH.test(url.pathname);
  }

  async answer(method: string, url: URL, authorization: string | undefined): Promise<Reply> {
    const job = PATH.exec(url.pathname)![2]!;
    const audience = url.searchParams.get("audience") ?? undefined;
    const reply = await this.reply(job, method, url, authorization, audience);
    this.log.push({ job, ...(audience !== undefined ? { audience } : {}), status: reply.status });
    return reply;
  }

  private async reply(
    job: string,
    method: string,
    url: URL,
    authorization: string | undefined,
    audience: string | undefined,
  ): Promise<Reply> {
    const grant = this.grants.get(job);
    if (!grant) return json({ message: "no such job" }, 404);
    if (method !== "GET") return json({ message: "method not allowed" }, 405);
    const given = /^Bearer (\S+)$/i.exec(authorization ?? "")?.[1];
    if (given !== grant.secret) return json({ message: "unauthorized: bad or missing request token" }, 401);
    if (url.searchParams.get("api-version") !== "2.0")
      return json({ message: "api-version 2.0 expected" }, 400);
    if (this.failWith !== undefined) return json({ message: "failing on purpose" }, this.failWith);
    const value = await grant.options.mint(audience ?? `https://github.com/${this.owner}`);
    return json({ count: 1, value });
  }
}
