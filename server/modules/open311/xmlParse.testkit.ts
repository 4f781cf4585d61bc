/**
 * Tests only: a small, strict XML reader (elements, text, the five predefined entities and numeric
 * character references; no attributes, CDATA or DTDs — GeoReport responses use none). It throws on
 * anything malformed, so a successful parse proves the document is well-formed for these shapes.
 */
export interface XmlElement {
  name: string;
  children: XmlElement[];
  text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(raw: string): string {
  if (/[<>]/.test(raw)) throw new Error(`raw markup in text: ${raw.slice(0, 40)}`);
  return raw.replace(/&([^;]*);?/g, (m, name: string) => {
    if (!m.endsWith(';')) throw new Error(`unterminated entity near ${m}`);
    if (name in ENTITIES) return ENTITIES[name]!;
    const num = /^#(x[0-9a-fA-F]+|\d+)$/.exec(name);
    if (num) return String.fromCodePoint(num[1]!.startsWith('x') ? parseInt(num[1]!.slice(1), 16) : Number(num[1]));
    throw new Error(`unknown entity &${name};`);
  });
}

export function parseXml(doc: string): XmlElement {
  let i = 0;
  const decl = /^<\?xml version="1\.0" encoding="utf-8"\?>\s*/i.exec(doc);
  if (!decl) throw new Error('missing XML declaration with encoding utf-8');
  i = decl[0].length;
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(doc)) throw new Error('control characters are not allowed in XML 1.0');

  function element(): XmlElement {
    const open = /^<([A-Za-z_][A-Za-z0-9_.-]*)\s*(\/?)>/.exec(doc.slice(i));
    if (!open) throw new Error(`expected an element at ${i}: ${doc.slice(i, i + 30)}`);
    i += open[0].length;
    const el: XmlElement = { name: open[1]!, children: [], text: '' };
    if (open[2] === '/') return el;
    for (;;) {
      const lt = doc.indexOf('<', i);
      if (lt < 0) throw new Error(`unclosed <${el.name}>`);
      el.text += decode(doc.slice(i, lt));
      i = lt;
      if (doc.startsWith('</', i)) {
        const close = /^<\/([A-Za-z_][A-Za-z0-9_.-]*)\s*>/.exec(doc.slice(i));
        if (!close || close[1] !== el.name) throw new Error(`mismatched close tag for <${el.name}> at ${i}`);
        i += close[0].length;
        return el;
      }
      el.children.push(element());
    }
  }
  const root = element();
  if (doc.slice(i).trim() !== '') throw new Error('content after the root element');
  return root;
}

/** The text of the first child with this name (or undefined). */
export function childText(el: XmlElement, name: string): string | undefined {
  return el.children.find((c) => c.name === name)?.text;
}
