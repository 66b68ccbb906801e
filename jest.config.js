/**
 * Three projects (docs/architecture.md, "Tests"): `unit` (in-process, no child process, seconds: `npm run
 * test:unit`), `corpus` (the sweeps over the real-world fixtures in ../shared and the oracles: openssl, xmlsec1),
 * `e2e` (the committed bundles, jux serve, the runner emulation, other processes). `npm test` runs all three.
 * Where ../shared is absent (a plain GitHub checkout), what needs it is skipped with one line each saying what
 * and why (__tests__/helpers/shared.ts).
 */
const common = {
  testEnvironment: "node",
  extensionsToTreatAsEsm: [".ts"],
  moduleNameMapper: { "^(\\.{1,2}/.*)\\.js$": "$1" },
  transform: {
    "^.+\\.ts$": ["ts-jest", { useESM: true, tsconfig: "tsconfig.json" }],
  },
};

/** The corpus and e2e projects stop at once, with the apt-get line, when xmlsec1, openssl, zstd or Chromium is
 * missing; the unit project needs none of them. */
const system = { globalSetup: "<rootDir>/scripts/check-system.mjs" };

/** @type {import('jest').Config} */
export default {
  projects: [
    {
      ...common,
      displayName: "unit",
      testMatch: ["<rootDir>/__tests__/**/*.test.ts"],
      testPathIgnorePatterns: ["/node_modules/", "<rootDir>/__tests__/(corpus|e2e)/"],
    },
    { ...common, ...system, displayName: "corpus", testMatch: ["<rootDir>/__tests__/corpus/**/*.test.ts"] },
    { ...common, ...system, displayName: "e2e", testMatch: ["<rootDir>/__tests__/e2e/**/*.test.ts"] },
  ],
  testTimeout: 120000,
};
