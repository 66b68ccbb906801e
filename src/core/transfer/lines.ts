/** A line of a file, numbered from 1; a line longer than the bound is not kept, only measured. */
export type Line = { n: number; text: string } | { n: number; tooLong: number };

/**
 * Splits a byte stream into lines ("\n"), holding at most `maxBytes` of one line: a longer line is skipped to its
 * end and reported by its number and length, so one hostile line cannot exhaust memory.
 */
export async function* readLines(source: AsyncIterable<Buffer>, maxBytes: number): AsyncGenerator<Line> {
  let parts: Buffer[] = [];
  let size = 0;
  let n = 0;
  const line = (): Line => {
    n++;
    return size > maxBytes ? { n, tooLong: size } : { n, text: Buffer.concat(parts).toString("utf8") };
  };
  for await (const chunk of source) {
    for (let start = 0; ;) {
      const newline = chunk.indexOf(10, start);
      const piece = chunk.subarray(start, newline === -1 ? chunk.length : newline);
      size += piece.length;
      if (size <= maxBytes) parts.push(piece);
      else parts = [];
      if (newline === -1) break;
      yield line();
      parts = [];
      size = 0;
      start = newline + 1;
    }
  }
  if (size > 0) yield line();
}
