import { describe, expect, test } from "@jest/globals";
import { logLine, reply } from "../../../src/server/http/respond.js";

describe("logLine", () => {
  test("method, path, status, time; the run's project and id when the reply has them", () => {
    expect(logLine("GET", "/api/v1/test_runs", reply(200, {}), 1.234)).toBe(
      "GET /api/v1/test_runs 200 1.2ms",
    );
    const stored = reply(201, {}, { project: "my-app/web", runId: "r1" });
    expect(logLine("POST", "/api/v1/junit/submit", stored, 3)).toBe(
      "POST /api/v1/junit/submit 201 3.0ms project=my-app/web test_run_id=r1",
    );
  });

  test("a project from a report cannot break or forge a log line: anything unusual is quoted", () => {
    const forged = reply(201, {}, { project: "x\nGET / 200 0.1ms", runId: "r1" });
    const line = logLine("POST", "/api/v1/junit/submit", forged, 3);
    expect(line).not.toContain("\n");
    expect(line).toContain('project="x\\nGET / 200 0.1ms"');
    expect(logLine("POST", "/", reply(201, {}, { project: "a b" }), 0)).toContain('project="a b"');
  });
});
