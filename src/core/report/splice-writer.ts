interface Edit {
  offset: number;
  /** How many input bytes the edit replaces (0 inserts). */
  remove: number;
  bytes: Buffer;
}

/**
 * Copies a document's bytes to `out` unchanged except for edits at given offsets.
 * Edits must be registered before the bytes at their offset arrive, in offset order.
 */
export class SpliceWriter {
  private readonly edits: Edit[] = [];
  private position = 0;
  private skip = 0;

  constructor(private readonly out: (bytes: Buffer) => void) {}

  insert(offset: number, bytes: Buffer | string): void {
    this.edit(offset, 0, bytes);
  }

  replace(offset: number, remove: number, bytes: Buffer | string): void {
    this.edit(offset, remove, bytes);
  }

  /** Drops the input from `offset` on, until `resume`. */
  cut(offset: number): void {
    this.edit(offset, Infinity, Buffer.alloc(0));
  }

  /** Ends a cut: input from `offset` on is copied again. */
  resume(offset: number): void {
    const open = [...this.edits].reverse().find((e) => e.remove === Infinity);
    if (open) {
      open.remove = offset - open.offset;
      return;
    }
    if (this.skip !== Infinity) throw new Error("resume() without cut()");
    this.skip = offset - this.position;
  }

  /** The next input bytes, in order. */
  push(chunk: Buffer): void {
    let from = 0;
    while (from < chunk.length) {
      if (this.skip > 0) {
        const n = Math.min(this.skip, chunk.length - from);
        this.skip -= n;
        from += n;
        this.position += n;
        continue;
      }
      const next = this.edits[0];
      const until = next ? Math.min(chunk.length, from + (next.offset - this.position)) : chunk.length;
      if (until > from) {
        this.out(chunk.subarray(from, until));
        this.position += until - from;
        from = until;
      }
      if (next && next.offset === this.position) this.apply();
    }
    while (this.skip === 0 && this.edits[0]?.offset === this.position) this.apply();
  }

  /** Applies the edits at the very end of the input. */
  end(): void {
    while (this.edits.length > 0) {
      const next = this.edits[0]!;
      if (next.offset !== this.position || next.remove > 0) {
        throw new Error(`edit at offset ${next.offset} lies outside the document (${this.position} bytes)`);
      }
      this.apply();
    }
  }

  private edit(offset: number, remove: number, bytes: Buffer | string): void {
    const last = this.edits[this.edits.length - 1];
    if (offset < this.position || (last && offset < last.offset)) {
      throw new Error(
        `edit at offset ${offset} comes too late (already at ${Math.max(this.position, last?.offset ?? 0)})`,
      );
    }
    this.edits.push({
      offset,
      remove,
      bytes: typeof bytes === "string" ? Buffer.from(bytes, "utf8") : bytes,
    });
  }

  private apply(): void {
    const edit = this.edits.shift()!;
    if (edit.bytes.length > 0) this.out(edit.bytes);
    this.skip = edit.remove;
  }
}
