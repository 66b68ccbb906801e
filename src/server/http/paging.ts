import { integer } from "./params.js";

/** The contract's paging parameters: page from 1, per_page 1 to 100 (default 20). */
export function paging(params: URLSearchParams): { page: number; perPage: number } {
  return {
    page: integer(params, "page", 1, 1, Number.MAX_SAFE_INTEGER),
    perPage: integer(params, "per_page", 20, 1, 100),
  };
}

/** The contract's `Pagination` object for page `page` of `perPage` rows out of `total`. */
export function pagination(
  page: number,
  perPage: number,
  total: number,
): { current_page: number; total_pages: number; total_count: number; per_page: number } {
  return {
    current_page: page,
    total_pages: Math.ceil(total / perPage),
    total_count: total,
    per_page: perPage,
  };
}
