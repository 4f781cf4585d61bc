/**
 * Content sniffing by magic bytes: the file name and the client's Content-Type are never trusted.
 */
export interface SniffedType {
  /** Detected MIME type, 'text/plain' for text-looking content, 'application/octet-stream' when unknown. */
  mime: string;
  /** Human label used in error messages. */
  label: string;
}

function ascii(bytes: Uint8Array, start: number, end: number): string {
  return Buffer.from(bytes.subarray(start, end)).toString('latin1');
}

const HEIF_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'hevm', 'hevs', 'mif1', 'msf1']);

/** Detect a file's type from its first bytes. */
export function sniffMediaType(bytes: Uint8Array): SniffedType {
  const b = bytes;
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return { mime: 'image/jpeg', label: 'JPEG' };
  if (b.length >= 8 && ascii(b, 0, 8) === '\x89PNG\r\n\x1a\n') return { mime: 'image/png', label: 'PNG' };
  if (b.length >= 12 && ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 12) === 'WEBP') return { mime: 'image/webp', label: 'WebP' };
  if (b.length >= 12 && ascii(b, 4, 8) === 'ftyp') {
    const brand = ascii(b, 8, 12);
    if (HEIF_BRANDS.has(brand)) return { mime: 'image/heic', label: `HEIC/HEIF (${brand})` };
    if (brand === 'avif' || brand === 'avis') return { mime: 'image/avif', label: 'AVIF' };
    return { mime: 'video/mp4', label: `MP4/QuickTime (${brand.trim()})` };
  }
  if (b.length >= 6 && (ascii(b, 0, 6) === 'GIF87a' || ascii(b, 0, 6) === 'GIF89a')) return { mime: 'image/gif', label: 'GIF' };
  if (b.length >= 4 && (ascii(b, 0, 4) === 'II*\x00' || ascii(b, 0, 4) === 'MM\x00*')) return { mime: 'image/tiff', label: 'TIFF' };
  if (b.length >= 2 && ascii(b, 0, 2) === 'BM') return { mime: 'image/bmp', label: 'BMP' };
  if (b.length >= 5 && ascii(b, 0, 5) === '%PDF-') return { mime: 'application/pdf', label: 'PDF' };
  if (b.length >= 4 && ascii(b, 0, 4) === 'PK\x03\x04') return { mime: 'application/zip', label: 'ZIP (or Office document)' };
  if (looksLikeText(b)) {
    const head = Buffer.from(b.subarray(0, 512)).toString('utf8').trimStart().toLowerCase();
    if (head.startsWith('<svg') || (head.startsWith('<?xml') && head.includes('<svg'))) return { mime: 'image/svg+xml', label: 'SVG' };
    if (head.startsWith('<!doctype html') || head.startsWith('<html')) return { mime: 'text/html', label: 'HTML' };
    return { mime: 'text/plain', label: 'text' };
  }
  return { mime: 'application/octet-stream', label: 'unknown binary' };
}

/** No NUL and no other control bytes except tab/CR/LF/FF/ESC in the first 1 KiB, and valid UTF-8. */
function looksLikeText(b: Uint8Array): boolean {
  if (b.length === 0) return false;
  const head = b.subarray(0, 1024);
  for (const byte of head) {
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c && byte !== 0x1b) return false;
  }
  try {
    // A multi-byte character cut at 1 KiB is fine; fatal decoding catches real binary.
    new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, Math.max(0, head.length - 4)));
    return true;
  } catch {
    return false;
  }
}
