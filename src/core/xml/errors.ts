/** Why a document was refused; lets callers (and the Jux server) tell a broken file from a hostile one. */
export type XmlErrorCode =
  "not-well-formed" | "forbidden-construct" | "unsupported-encoding" | "limit-exceeded" | "not-junit" | "io";

/** A document the strict reader refuses, with the file, the position and the reason. */
export class XmlError extends Error {
  override name = "XmlError";

  constructor(
    readonly code: XmlErrorCode,
    readonly source: string,
    readonly line: number,
    readonly column: number,
    readonly reason: string,
  ) {
    super(line > 0 ? `${source}:${line}:${column}: ${reason}` : `${source}: ${reason}`);
  }
}
