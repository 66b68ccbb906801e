/** The pages' own addresses, built from report values (a project or branch may hold any character). */
import { escapeHtml } from "./format.js";

function withQuery(path: string, query: Record<string, string | null | undefined>): string {
  const q = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value) q.set(name, value);
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

/** /projects/{project}?branch=, escaped for an attribute. */
export function projectHref(project: string, branch?: string | null): string {
  return escapeHtml(withQuery(`/projects/${encodeURIComponent(project)}`, { branch }));
}

/** /tests/{key}?project=&branch=, escaped for an attribute. */
export function testHref(key: string, project?: string | null, branch?: string | null): string {
  return escapeHtml(withQuery(`/tests/${encodeURIComponent(key)}`, { project, branch }));
}

/** /runs/{id}, with a query when given, escaped for an attribute. */
export function runHref(id: string, query: Record<string, string | null | undefined> = {}): string {
  return escapeHtml(withQuery(`/runs/${encodeURIComponent(id)}`, query));
}

/** /badge/{project}.svg?branch=, escaped for an attribute. */
export function badgeHref(project: string, branch?: string | null): string {
  return escapeHtml(withQuery(`/badge/${encodeURIComponent(project)}.svg`, { branch }));
}
