/**
 * Zips written byte for byte, as a hostile run could upload them: any name (absolute, `..`, backslashes, repeated),
 * any Unix mode (a symbolic link, a device), sizes that lie. Shared by the unit tests of src/action/fork/ and the
 * end-to-end test of from_run.
 */
import { deflateRawSync } from "node:zlib";

export interface ZipMember {
  name: string;
  data?: Buffer | string;
  /** The Unix mode in the external attributes (default a regular file 0644; 0o120777 a symbolic link). */
  mode?: number;
  /** 0 stored (default), 8 deflated. */
  method?: 0 | 8;
  /** The uncompressed size the headers declare, when it is not the data's. */
  declaredSize?: number;
}

const TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

export function crc32(b: Buffer): number {
  let c = 0xffffffff;
  for (const byte of b) c = TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A zip of exactly these members, in order; nothing is checked or normalised. */
export function makeZip(members: ZipMember[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const m of members) {
    const name = Buffer.from(m.name, "utf8");
    const data = Buffer.from(m.data ?? "");
    const method = m.method ?? 0;
    const body = method === 8 ? deflateRawSync(data) : data;
    const size = m.declaredSize ?? data.length;
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(0x031e, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(((m.mode ?? 0o100644) << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(members.length, 8);
  end.writeUInt16LE(members.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** A small well-formed JUnit report, with the report's own `<properties>` claims when given. */
export function junit(name: string, properties: Record<string, string> = {}): string {
  const props = Object.entries(properties)
    .map(([n, v]) => `<property name="${n}" value="${v}"/>`)
    .join("");
  return `<?xml version="1.0" encoding="utf-8"?><testsuites><testsuite name="${name}" tests="2" failures="1" errors="0" skipped="0">${props ? `<properties>${props}</properties>` : ""}<testcase classname="t.${name}" name="ok" time="0.01"/><testcase classname="t.${name}" name="bad" time="0.01"><failure message="no">no</failure></testcase></testsuite></testsuites>\n`;
}
