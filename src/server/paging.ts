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
