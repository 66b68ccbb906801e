/** @type {import('jest').Config} */
export default {
  testEnvironment: "node",
  extensionsToTreatAsEsm: [".ts"],
  moduleNameMapper: { "^(\\.{1,2}/.*)\\.js$": "$1" },
  transform: {
    "^.+\\.ts$": ["ts-jest", { useESM: true, tsconfig: "tsconfig.json" }],
  },
  testMatch: ["<rootDir>/__tests__/**/*.test.ts"],
  // Stops at once, with the apt-get line, when xmlsec1, openssl, zstd or Chromium is missing.
  globalSetup: "<rootDir>/scripts/check-system.mjs",
  testTimeout: 120000,
};
