import { describe, expect, test } from "@jest/globals";
import { HttpError } from "../../../src/server/http/errors.js";
import { pagination } from "../../../src/server/http/paging.js";
import { runFilter } from "../../../src/server/routes/run-filter.js";

const filter = (query: string) => runFilter(new URLSearchParams(query));

function refusal(query: string): string {
  try {
    filter(query);
  } catch (e) {
    if (e instanceof HttpError && e.status === 400) return String(e.body.details?.message);
    throw e;
  }
  throw new Error(`expected a 400 for ${query}`);
}

describe("runFilter", () => {
  test("no parameters: newest first, page 1 of 20, no filter (empty values and status=all filter nothing)", () => {
    const all = { sortBy: "inserted_at", sortOrder: "desc", page: 1, perPage: 20 };
    expect(filter("")).toEqual(all);
    expect(filter("project=&branch=&tags=&status=all")).toEqual(all);
  });

  test("tags are split on commas and trimmed, blanks dropped; dates are normalized to UTC", () => {
    expect(filter("tags=smoke,%20nightly%20,,").tags).toEqual(["smoke", "nightly"]);
    const dated = filter("date_from=2026-01-01T10:00:00%2B02:00&date_to=2026-01-02");
    expect(dated.dateFrom).toBe("2026-01-01T08:00:00.000Z");
    expect(dated.dateTo).toBe("2026-01-02T00:00:00.000Z");
  });

  test("a bad value is a 400 naming the parameter; the first in the order status, dates, sort, page", () => {
    expect(refusal("status=skipped")).toBe(
      'status must be one of passed, failed, error, all (got "skipped")',
    );
    expect(refusal("date_to=yesterday")).toBe('date_to must be an ISO 8601 date-time (got "yesterday")');
    expect(refusal("per_page=1e2")).toBe('per_page must be a whole number from 1 to 100 (got "1e2")');
    expect(refusal("page=0&sort_by=name&status=bogus")).toMatch(/^status /);
    expect(refusal("page=0&sort_by=name")).toMatch(/^sort_by /);
  });
});

describe("pagination", () => {
  test("total_pages rounds up, and is 0 for no rows", () => {
    expect(pagination(2, 20, 41)).toEqual({ current_page: 2, total_pages: 3, total_count: 41, per_page: 20 });
    expect(pagination(1, 20, 0).total_pages).toBe(0);
  });
});
