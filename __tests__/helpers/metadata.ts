/** What the metadata tests compare: properties as a map, a signed report without its Signature. */
export function asMap(props: { name: string; value: string }[]): Record<string, string> {
  return Object.fromEntries(props.map((p) => [p.name, p.value]));
}

export function withoutSignature(xml: string): string {
  const start = xml.indexOf("<ds:Signature ");
  return start < 0
    ? xml
    : xml.slice(0, start) + xml.slice(xml.indexOf("</ds:Signature>") + "</ds:Signature>".length);
}

/** The properties the tests add when signing. */
export const PROPS = [
  { name: "project", value: "corpus" },
  { name: "git:branch", value: "main" },
  { name: "jux:timestamp", value: "2026-11-22T10:00:00Z" },
];
