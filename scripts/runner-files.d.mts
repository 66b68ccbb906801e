export interface RunnerFiles {
  GITHUB_OUTPUT: string;
  GITHUB_STATE: string;
  GITHUB_STEP_SUMMARY: string;
}
export function runnerFiles(dir: string): RunnerFiles;
export function parseCommandFile(text: string): Record<string, string>;
export function stateEnv(stateFile: string): Record<string, string>;
