const UNITS: Record<string, number> = {
  "": 1,
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
};

/** Parses a size such as "50MB", "2 GiB" or "1048576" into bytes; `source` names the setting in errors. */
export function parseSize(text: string, source: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  const unit = m ? UNITS[m[2]!.toLowerCase()] : undefined;
  if (!m || unit === undefined) {
    throw new Error(
      `${source}: "${text}" is not a size (use bytes, or a number with KB, MB, GB, KiB, MiB or GiB)`,
    );
  }
  const bytes = Math.floor(Number(m[1]) * unit);
  if (bytes < 1) throw new Error(`${source}: the size must be at least one byte`);
  return bytes;
}
