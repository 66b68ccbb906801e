import { HttpClient, HttpClientError } from "@actions/http-client";
import { VERSION } from "../../core/version.js";
import { errorMessage } from "../../core/errors.js";

export interface CacheListing {
  key: string;
  ref: string;
  created_at: string;
  /** When a restore last read it (GitHub evicts an entry 7 days after). */
  last_accessed_at?: string;
}

/** Why the REST caches API could not be used (no token, or the token lacks `actions: read|write`). */
export class RestUnavailable extends Error {
  override name = "RestUnavailable";
}

/** The two REST routes of the Actions caches API the offline queue needs, with the job's github_token. */
export class GitHubCaches {
  private readonly http: HttpClient;
  private readonly base: string;

  constructor(
    private readonly token: string,
    env: NodeJS.ProcessEnv,
  ) {
    this.http = new HttpClient(`jux-action/${VERSION}`);
    this.base = `${(env.GITHUB_API_URL ?? "https://api.github.com").replace(/\/+$/, "")}/repos/${env.GITHUB_REPOSITORY}/actions/caches`;
  }

  private headers() {
    return {
      authorization: `Bearer ${this.token}`,
      accept: "application/vnd.github+json",
      "x-github-api-version": "2022-11-28",
    };
  }

  private unavailable(e: unknown, needs: string): RestUnavailable {
    const status = e instanceof HttpClientError ? e.statusCode : undefined;
    const what = status ? `HTTP ${status}` : errorMessage(e);
    return new RestUnavailable(`the caches API answered ${what} (github_token needs ${needs})`);
  }

  /** Every entry whose key starts with prefix, newest first (so a very long list cuts off the oldest). */
  async list(prefix: string): Promise<CacheListing[]> {
    const all: CacheListing[] = [];
    for (let page = 1; page <= 50; page++) {
      const query = new URLSearchParams({
        key: prefix,
        sort: "created_at",
        direction: "desc",
        per_page: "100",
        page: String(page),
      });
      let body: { total_count: number; actions_caches: CacheListing[] } | null;
      try {
        const response = await this.http.getJson<typeof body>(
          `${this.base}?${query.toString()}`,
          this.headers(),
        );
        // getJson resolves a 404 with no body instead of throwing.
        if (response.statusCode === 404 || response.result === null)
          throw new HttpClientError("not found", response.statusCode);
        body = response.result;
      } catch (e) {
        throw this.unavailable(e, "actions: read");
      }
      const entries = body?.actions_caches ?? [];
      all.push(...entries.filter((e) => e.key.startsWith(prefix)));
      if (entries.length < 100) break;
    }
    return all;
  }

  /** Deletes the entry with exactly this key on this ref; false when it was already gone. */
  async delete(key: string, ref: string): Promise<boolean> {
    const query = new URLSearchParams({ key, ref });
    const response = await this.http.del(`${this.base}?${query.toString()}`, this.headers());
    const status = response.message.statusCode ?? 0;
    await response.readBody();
    if (status === 404) return false;
    if (status >= 300) throw this.unavailable(new HttpClientError("", status), "actions: write");
    return true;
  }

  dispose(): void {
    this.http.dispose();
  }
}
