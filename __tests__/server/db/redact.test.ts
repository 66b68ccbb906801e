/** A database named in a message: a PostgreSQL URL's password never shown; which database jux serve uses. */
import { describe, expect, it } from "@jest/globals";
import { redactDatabaseUrl } from "../../../src/server/db/redact.js";
import { defaultDatabase, located, namedDatabase } from "../../../src/server/database.js";

describe("redactDatabaseUrl", () => {
  it("replaces the password of the user part with ***, keeping the rest as written", () => {
    expect(redactDatabaseUrl("postgres://jux:s3cr%40t@db.internal:5432/jux?sslmode=require")).toBe(
      "postgres://jux:***@db.internal:5432/jux?sslmode=require",
    );
    expect(redactDatabaseUrl("POSTGRESQL://:only-password@host/db")).toBe("POSTGRESQL://:***@host/db");
  });

  it("hides passwords a parser would refuse (unencoded @ / ?) and those given as query parameters", () => {
    for (const url of [
      "postgres://jux:p@ss@host/db",
      "postgres://jux:pa/ss@host/db",
      "postgres://jux:pa?ss@host/db",
      "postgres://jux@host/db?password=hunter2&sslpassword=key-pass",
      "postgres://j@x:p@ss:w/rd%@host/db",
    ]) {
      const shown = redactDatabaseUrl(url);
      expect([url, /p@ss|pa\/ss|pa\?ss|hunter2|key-pass|ss:w|rd%/.test(shown)]).toEqual([url, false]);
      expect(shown).toContain("***");
      expect(shown).toMatch(/host\/db/);
    }
  });

  it("leaves a URL without a password, a SQLite file and :memory: as they are", () => {
    for (const db of [
      "postgres://jux@host:5432/db",
      "postgres://host/db",
      "/var/lib/jux/serve.sqlite",
      ":memory:",
    ])
      expect(redactDatabaseUrl(db)).toBe(db);
  });
});

describe("the database jux serve uses", () => {
  it("--database first, then JUX_SERVE_DATABASE (an empty one ignored), else none", () => {
    const env = { JUX_SERVE_DATABASE: "postgres://jux@host/db" };
    expect(namedDatabase("given.sqlite", env)).toBe("given.sqlite");
    expect(namedDatabase(undefined, env)).toBe("postgres://jux@host/db");
    expect(namedDatabase(undefined, { JUX_SERVE_DATABASE: "" })).toBeUndefined();
    expect(namedDatabase(undefined, {})).toBeUndefined();
  });

  it("a SQLite file is resolved against the working directory; a URL and :memory: are not", () => {
    expect(located("data/serve.sqlite", "/work/x")).toBe("/work/x/data/serve.sqlite");
    expect(located("postgres://jux@host/db", "/work/x")).toBe("postgres://jux@host/db");
    // The form jux serve migrate takes (sqlite:FILE) names the file everywhere.
    expect(located("sqlite:data/serve.sqlite", "/work/x")).toBe("/work/x/data/serve.sqlite");
    expect(located("SQLITE:/var/lib/jux.sqlite", "/work/x")).toBe("/var/lib/jux.sqlite");
    expect(located(":memory:", "/work/x")).toBe(":memory:");
  });

  it("the default is $XDG_DATA_HOME/jux/serve.sqlite, else ~/.local/share/jux/serve.sqlite", () => {
    expect(defaultDatabase({ XDG_DATA_HOME: "/data", HOME: "/home/u" })).toBe("/data/jux/serve.sqlite");
    expect(defaultDatabase({ HOME: "/home/u" })).toBe("/home/u/.local/share/jux/serve.sqlite");
  });
});
