import { canonicalElement, canonicalText } from "../xml/c14n.js";
import type { EndTag, StartTag } from "../xml/reader.js";
import type { Property } from "../junit/summary.js";

/** Bytes to splice into the document, with their canonical form for the digest. */
export interface Splice {
  offset: number;
  /** Input bytes replaced (2 to turn `/>` into `>`), else 0. */
  remove: number;
  raw: string;
  canonical: string;
}

const INDENT_STEP = "  ";
/** Stands for text that is not indentation (never blank, so never copied). */
const NOT_INDENTATION = "x";

/** Escapes an attribute value so that it reads back exactly (tabs and line ends survive normalization). */
function rawAttribute(value: string): string {
  return value.replace(/[&<>"\t\n\r]/g, (c) => RAW_ESCAPES[c]!);
}

const RAW_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "\t": "&#9;",
  "\n": "&#10;",
  "\r": "&#13;",
};

function canonicalWhitespace(ws: string): string {
  const parts: Buffer[] = [];
  canonicalText(Buffer.from(ws), false, (b) => parts.push(Buffer.from(b)));
  return Buffer.concat(parts).toString("utf8");
}

function isBlank(s: string): boolean {
  return /^[ \t\r\n]*$/.test(s);
}

interface Fragment {
  raw: string;
  canonical: string;
}

function join(...parts: Fragment[]): Fragment {
  return { raw: parts.map((p) => p.raw).join(""), canonical: parts.map((p) => p.canonical).join("") };
}

function whitespace(ws: string): Fragment {
  return { raw: ws, canonical: canonicalWhitespace(ws) };
}

function property(p: Property): Fragment {
  return {
    raw: `<property name="${rawAttribute(p.name)}" value="${rawAttribute(p.value)}"/>`,
    canonical: canonicalElement("property", [
      ["name", p.name],
      ["value", p.value],
    ]),
  };
}

function element(name: string, content: Fragment, attributes: [string, string][] = []): Fragment {
  const raw = attributes.map(([n, v]) => ` ${n}="${rawAttribute(v)}"`).join("");
  return {
    raw: `<${name}${raw}>${content.raw}</${name}>`,
    canonical: canonicalElement(name, attributes, content.canonical),
  };
}

/** Properties, each preceded by `indent` (a line break and spaces in indented documents). */
function propertyList(props: Property[], indent: string): Fragment {
  return join(...props.flatMap((p) => [whitespace(indent), property(p)]));
}

/** A new <properties> element; `outer` is the indentation of the element it goes in front of. */
function propertiesElement(props: Property[], outer: string): Fragment {
  if (outer === "") return element("properties", propertyList(props, ""));
  return element("properties", join(propertyList(props, outer + INDENT_STEP), whitespace(outer)));
}

/**
 * Decides where the metadata properties go, as the reader delivers the document: into the <properties> of
 * the first <testsuite> when that is its first child (as every JUnit schema has it), else into a new
 * <properties> created as its first child; with no <testsuite> at all, into a new empty suite.
 * Never rewrites anything else, never replaces a property the producer wrote.
 */
export class PropertyPlacer {
  private phase: "seeking" | "first-child" | "in-properties" | "done" = "seeking";
  private suiteDepth = 0;
  private lastText = "";
  /** The first suite's property names and the last value of each (readers take the last). */
  private readonly existing = new Map<string, string>();
  private propertyIndent = "";
  private rootName = "";
  /** Names of the first suite's properties that were not known when the metadata was placed. */
  readonly conflicts: string[] = [];
  private placed: Set<string> = new Set();

  /**
   * `asserted`: names whose wanted value is added even when the report already has the name with another value
   * (after the report's own, so that readers, which take the last, read ours): a CI job's run identity, which a
   * report must not be able to claim for itself.
   */
  constructor(
    private readonly wanted: Property[],
    private readonly emit: (splice: Splice) => void,
    private readonly asserted: ReadonlySet<string> = new Set(),
  ) {}

  /** Names of the properties placed, once placed. */
  get added(): string[] {
    return [...this.placed];
  }

  /** Remembers the whitespace before the next element, to indent what is added like its neighbours. */
  text(raw: Buffer): void {
    if (this.phase !== "first-child" && this.phase !== "in-properties") return;
    const s = raw.length <= 256 ? raw.toString("utf8") : NOT_INDENTATION;
    this.lastText = isBlank(s) ? this.lastText + s : NOT_INDENTATION;
  }

  /** Before the canonicalizer sees the start tag. */
  beforeStart(tag: StartTag): void {
    if (tag.depth === 1) this.rootName = tag.qname;
    if (this.phase === "seeking" && this.isFirstSuite(tag)) {
      this.suiteDepth = tag.depth;
      this.phase = "first-child";
      this.lastText = "";
      return;
    }
    if (this.phase === "first-child" && tag.depth === this.suiteDepth + 1) {
      if (isNamed(tag, "properties")) {
        this.phase = "in-properties";
        this.lastText = "";
        return;
      }
      const indent = isBlank(this.lastText) ? this.lastText : "";
      this.place(tag.start, 0, (props) => join(propertiesElement(props, indent), whitespace(indent)));
      return;
    }
    if (this.phase === "in-properties" && tag.depth === this.suiteDepth + 2 && isNamed(tag, "property")) {
      const name = tag.attributes.find((a) => a.qname === "name")?.value;
      const value = tag.attributes.find((a) => a.qname === "value")?.value ?? "";
      if (name !== undefined) this.existing.set(name, value);
      this.propertyIndent = isBlank(this.lastText) ? this.lastText : "";
    }
    if (this.phase === "done" && tag.depth === this.suiteDepth + 2 && isNamed(tag, "property")) {
      const name = tag.attributes.find((a) => a.qname === "name")?.value;
      if (name !== undefined && this.placed.has(name)) this.conflicts.push(name);
    }
    this.lastText = "";
  }

  /** After the canonicalizer saw the start tag: self-closing elements that must receive content. */
  afterStart(tag: StartTag): void {
    if (!tag.selfClosing) return;
    const root = tag.depth === 1;
    let content: ((props: Property[]) => Fragment) | undefined;
    if (this.phase === "first-child" && tag.depth === this.suiteDepth)
      content = (props) => propertiesElement(props, "");
    else if (this.phase === "in-properties" && tag.depth === this.suiteDepth + 1)
      content = (props) => propertyList(props, "");
    else if (this.phase === "seeking" && root) content = emptySuite;
    if (!content) return;
    // The document element stays open here: the signer closes it after the Signature.
    const close = root ? EMPTY : closing(tag.qname);
    const fill = content;
    this.place(tag.end - 2, 2, (props) => join(OPEN_END, props.length ? fill(props) : EMPTY, close), root);
  }

  /** Before the canonicalizer sees the end tag. */
  beforeEnd(tag: EndTag): void {
    if (tag.start === tag.end) return;
    if (this.phase === "first-child" && tag.depth === this.suiteDepth) {
      this.place(tag.start, 0, (props) => propertiesElement(props, ""));
    } else if (this.phase === "in-properties" && tag.depth === this.suiteDepth + 1) {
      this.place(tag.start, 0, (props) => this.appendedProperties(props));
    } else if (this.phase === "seeking" && tag.depth === 1) {
      this.place(tag.start, 0, emptySuite);
    }
    this.lastText = "";
  }

  /** Properties added at the end of an existing <properties>, indented like the ones there. */
  private appendedProperties(props: Property[]): Fragment {
    const close = isBlank(this.lastText) ? this.lastText : "";
    const indent = this.propertyIndent;
    if (indent === "" || close === "" || !indent.startsWith(close)) return propertyList(props, "");
    const [first, ...rest] = props;
    return join(
      whitespace(indent.slice(close.length)),
      property(first!),
      propertyList(rest, indent),
      whitespace(close),
    );
  }

  private isFirstSuite(tag: StartTag): boolean {
    if (!isNamed(tag, "testsuite")) return false;
    return tag.depth === 1 || (tag.depth === 2 && this.rootName === "testsuites");
  }

  private place(
    offset: number,
    remove: number,
    build: (props: Property[]) => Fragment,
    always = false,
  ): void {
    const props = this.wanted.filter(
      (p) =>
        !this.existing.has(p.name) || (this.asserted.has(p.name) && this.existing.get(p.name) !== p.value),
    );
    this.placed = new Set(props.map((p) => p.name));
    this.phase = "done";
    if (props.length === 0 && !always) return;
    const f = build(props);
    this.emit({ offset, remove, raw: f.raw, canonical: f.canonical });
  }
}

function isNamed(tag: StartTag, local: string): boolean {
  return tag.ns === "" && tag.local === local;
}

function closing(qname: string): Fragment {
  return { raw: `</${qname}>`, canonical: "" };
}

const EMPTY: Fragment = { raw: "", canonical: "" };
/** Turns `/>` into `>`; the canonical form of the start tag is the canonicalizer's. */
const OPEN_END: Fragment = { raw: ">", canonical: "" };

function emptySuite(props: Property[]): Fragment {
  return element("testsuite", propertiesElement(props, ""), [
    ["name", "jux-metadata"],
    ["tests", "0"],
  ]);
}
