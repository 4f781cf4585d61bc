import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/** Tests only: all text of a PDF, page by page, through pdf.js (what a reader's copy/search sees). */
export async function pdfText(data: Buffer): Promise<string> {
  const pdf = await getDocument({ data: new Uint8Array(data), useSystemFonts: false, isEvalSupported: false }).promise;
  let text = '';
  for (let p = 1; p <= pdf.numPages; p++) {
    const content = await (await pdf.getPage(p)).getTextContent();
    text += content.items.map((i) => ('str' in i ? i.str : '')).join('') + '\n';
  }
  await pdf.destroy();
  return text;
}
