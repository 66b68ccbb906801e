/** The shortest API key accepted: a shorter one cannot be blanked out of a server's answer without damage. */
export const MIN_API_KEY_LENGTH = 8;

/** Why `key` cannot be used as an API key, or undefined when it can (the key's length is not told either). */
export function apiKeyProblem(key: string): string | undefined {
  return key.length < MIN_API_KEY_LENGTH
    ? `the API key is shorter than ${MIN_API_KEY_LENGTH} characters, too short to be blanked out of what a server answers: use the whole key the server issued`
    : undefined;
}
