import { describe, expect, test } from "@jest/globals";
import { authenticate, clientScopedKey, givenKey } from "../../../src/server/http/auth.js";
import { HttpError } from "../../../src/server/http/errors.js";

function status(work: () => unknown): number {
  try {
    work();
  } catch (e) {
    if (e instanceof HttpError) return e.status;
    throw e;
  }
  return 0;
}

describe("givenKey", () => {
  test("Bearer in any case, trimmed, wins over X-API-Key", () => {
    expect(givenKey({ authorization: "bearer   k1  " })).toBe("k1");
    expect(givenKey({ authorization: "Bearer k1", "x-api-key": "k2" })).toBe("k1");
  });

  test("another scheme or an empty Bearer falls back to X-API-Key; neither: undefined", () => {
    expect(givenKey({ authorization: "Basic a2V5", "x-api-key": " k2 " })).toBe("k2");
    expect(givenKey({ authorization: "Bearer ", "x-api-key": "k2" })).toBe("k2");
    expect(givenKey({ authorization: "Basic a2V5" })).toBeUndefined();
  });
});

describe("authenticate", () => {
  const tokens = ["alpha-key", "beta-key"];

  test("the configured token the request carries", () => {
    expect(authenticate({ authorization: "Bearer beta-key " }, tokens)).toBe("beta-key");
  });

  test("401 with no key or a blank one, 403 with one not configured (a prefix or a longer key too)", () => {
    expect(status(() => authenticate({}, tokens))).toBe(401);
    expect(status(() => authenticate({ "x-api-key": "   " }, tokens))).toBe(401);
    expect(status(() => authenticate({ "x-api-key": "alpha" }, tokens))).toBe(403);
    expect(status(() => authenticate({ "x-api-key": "alpha-key-2" }, tokens))).toBe(403);
  });
});

describe("clientScopedKey", () => {
  test("one Idempotency-Key from two clients is two keys; none stays none", () => {
    const a = clientScopedKey("alpha-key", "k");
    expect(a).toBe(clientScopedKey("alpha-key", "k"));
    expect(a).not.toBe(clientScopedKey("beta-key", "k"));
    expect(a).toMatch(/^[0-9a-f]{16}:k$/);
    expect(clientScopedKey("alpha-key", undefined)).toBeUndefined();
  });
});
