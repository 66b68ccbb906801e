import { problem } from "./errors.js";

/** Query parameter `name` if it is one of `allowed`; a 400 naming it, the choices and the value otherwise. */
export function oneOf<T extends string>(
  params: URLSearchParams,
  name: string,
  allowed: readonly T[],
  fallback: T,
): T {
  const v = params.get(name) ?? fallback;
  if (!(allowed as readonly string[]).includes(v)) {
    throw problem(400, "Invalid parameter", `${name} must be one of ${allowed.join(", ")} (got "${v}")`);
  }
  return v as T;
}

/** Query parameter `name` as a whole number from `min` to `max`; a 400 naming it otherwise. */
export function integer(
  params: URLSearchParams,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const raw = params.get(name);
  if (raw === null) return fallback;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < min || n > max) {
    throw problem(
      400,
      "Invalid parameter",
      `${name} must be a whole number from ${min} to ${max} (got "${raw}")`,
    );
  }
  return n;
}

/** An ISO 8601 date-time, normalized to UTC (`toISOString`); undefined when absent. */
export function isoDate(params: URLSearchParams, name: string): string | undefined {
  const raw = params.get(name);
  if (raw === null) return undefined;
  const t = Date.parse(raw);
  if (Number.isNaN(t))
    throw problem(400, "Invalid parameter", `${name} must be an ISO 8601 date-time (got "${raw}")`);
  return new Date(t).toISOString();
}
