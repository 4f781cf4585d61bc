/**
 * A tiny XML writer for GeoReport v2 responses. The spec requires UTF-8 and an XML declaration; every
 * text node is escaped, and characters XML 1.0 forbids (most C0 controls, lone surrogates, U+FFFE/FFFF)
 * are dropped, so any description a resident typed still yields a well-formed document.
 */

/** A node: an element name with text (string/number/boolean), null (empty element) or child nodes. */
export type XmlNode = [name: string, content: string | number | boolean | null | XmlNode[]];

// Allowed: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]. Surrogate pairs are
// matched as a unit (the 'u' flag), so only lone surrogates and the other ranges are removed.
const INVALID_XML_CHARS = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Escape text for element content or attribute values. */
export function escapeXml(text: string): string {
  return text
    .replace(INVALID_XML_CHARS, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

function write(node: XmlNode, out: string[]): void {
  const [name, content] = node;
  // Element names come from our code, never from input; a bad one is a programming error.
  if (!NAME.test(name)) throw new Error(`invalid XML element name ${JSON.stringify(name)}`);
  if (content === null || content === '') {
    out.push(`<${name}/>`);
  } else if (Array.isArray(content)) {
    out.push(`<${name}>`);
    for (const child of content) write(child, out);
    out.push(`</${name}>`);
  } else {
    out.push(`<${name}>${escapeXml(String(content))}</${name}>`);
  }
}

/** Serialise a document: the XML declaration and one root element. */
export function toXml(root: XmlNode): string {
  const out: string[] = ['<?xml version="1.0" encoding="utf-8"?>\n'];
  write(root, out);
  out.push('\n');
  return out.join('');
}

/** A plain object as child elements, in key order; arrays and nested objects are left to the caller. */
export function fields(obj: Record<string, string | number | boolean | null | undefined>): XmlNode[] {
  return Object.entries(obj)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => [k, v ?? null] as XmlNode);
}
