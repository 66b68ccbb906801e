import { isoDate, oneOf } from "../http/params.js";
import { paging } from "../http/paging.js";
import type { RunFilter } from "../schema.js";

/** The run list's query (GET /api/v1/test_runs and the HTML list): filters, order and page; 400 on a bad value. */
export function runFilter(params: URLSearchParams): RunFilter {
  const status = oneOf(params, "status", ["passed", "failed", "error", "all"] as const, "all");
  const tags = params.get("tags");
  const optional = <K extends string>(key: K, v: string | undefined) =>
    v ? ({ [key]: v } as Record<K, string>) : {};
  return {
    ...optional("project", params.get("project") ?? undefined),
    ...optional("branch", params.get("branch") ?? undefined),
    ...(status !== "all" ? { status } : {}),
    ...optional("dateFrom", isoDate(params, "date_from")),
    ...optional("dateTo", isoDate(params, "date_to")),
    ...(tags
      ? {
          tags: tags
            .split(",")
            .map((t) => t.trim())
            .filter(Boolean),
        }
      : {}),
    sortBy: oneOf(
      params,
      "sort_by",
      ["inserted_at", "total_tests", "failures", "success_rate"] as const,
      "inserted_at",
    ),
    sortOrder: oneOf(params, "sort_order", ["asc", "desc"] as const, "desc"),
    ...paging(params),
  };
}
