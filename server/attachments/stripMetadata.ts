import { AppError } from '../errors.ts';

/**
 * Lossless removal of location-bearing metadata from JPEG, PNG and WebP, by walking the container
 * structure and dropping whole segments/chunks — pixels are never decoded or re-encoded.
 *
 * Why hand-written: the npm packages that do this (exif-be-gone, exifremove, piexifjs) handle JPEG
 * only; none covers PNG and WebP too. The walkers below are small and each is tested on bytes built
 * in the tests. A malformed file is refused (VALIDATION_FAILED on 'file') rather than passed through
 * half-stripped.
 */
export interface StripResult {
  bytes: Buffer;
  /** What was removed, for the audit entry ('APP1 Exif', 'PNG tEXt', 'WebP EXIF', …). */
  removed: string[];
}

function corrupt(kind: string, why: string): AppError {
  return new AppError('VALIDATION_FAILED', `file: 不是有效的 ${kind} 文件 / not a valid ${kind} file (${why})`, 'file');
}

function startsWithAscii(payload: Uint8Array, text: string): boolean {
  if (payload.length < text.length) return false;
  for (let i = 0; i < text.length; i++) if (payload[i] !== text.charCodeAt(i)) return false;
  return true;
}

// ---------------------------------------------------------------------------------------------- JPEG

/**
 * APPn segments we keep: JFIF/JFXX (APP0), ICC colour profile (APP2 'ICC_PROFILE'), Adobe colour
 * transform (APP14 'Adobe', needed to decode CMYK/YCCK correctly). Every other APPn (Exif and XMP in
 * APP1, MPF in APP2, IPTC/Photoshop in APP13, vendor data) and every comment (COM) is dropped:
 * a whitelist, because location can hide in any of them.
 */
function keepJpegAppSegment(marker: number, payload: Uint8Array): boolean {
  if (marker === 0xe0) return startsWithAscii(payload, 'JFIF\0') || startsWithAscii(payload, 'JFXX\0');
  if (marker === 0xe2) return startsWithAscii(payload, 'ICC_PROFILE\0');
  if (marker === 0xee) return startsWithAscii(payload, 'Adobe');
  return false;
}

function jpegSegmentName(marker: number, payload: Uint8Array): string {
  if (marker === 0xfe) return 'COM';
  const app = `APP${marker - 0xe0}`;
  if (startsWithAscii(payload, 'Exif\0')) return `${app} Exif`;
  if (startsWithAscii(payload, 'http://ns.adobe.com/')) return `${app} XMP`;
  if (startsWithAscii(payload, 'Photoshop')) return `${app} Photoshop/IPTC`;
  if (startsWithAscii(payload, 'MPF\0')) return `${app} MPF`;
  return app;
}

/** The EXIF Orientation (1–8) from an APP1 'Exif' payload, or null; every offset is bounds-checked. */
export function exifOrientation(payload: Uint8Array): number | null {
  if (!startsWithAscii(payload, 'Exif\0\0')) return null;
  const tiff = Buffer.from(payload.buffer, payload.byteOffset + 6, payload.byteLength - 6);
  if (tiff.length < 8) return null;
  const order = tiff.toString('latin1', 0, 2);
  if (order !== 'II' && order !== 'MM') return null;
  const le = order === 'II';
  const u16 = (o: number) => (le ? tiff.readUInt16LE(o) : tiff.readUInt16BE(o));
  const u32 = (o: number) => (le ? tiff.readUInt32LE(o) : tiff.readUInt32BE(o));
  if (u16(2) !== 42) return null;
  const ifd = u32(4);
  if (ifd + 2 > tiff.length) return null;
  const count = u16(ifd);
  for (let i = 0; i < count; i++) {
    const entry = ifd + 2 + i * 12;
    if (entry + 12 > tiff.length) return null;
    if (u16(entry) === 0x0112 && u16(entry + 2) === 3) {
      const value = u16(entry + 8);
      return value >= 1 && value <= 8 ? value : null;
    }
  }
  return null;
}

/**
 * A minimal APP1 Exif segment holding only the Orientation tag, so portrait phone photos still
 * display upright after the original Exif (with GPS, camera serials, times) is removed.
 */
export function orientationOnlyExifSegment(orientation: number): Buffer {
  const tiff = Buffer.alloc(8 + 2 + 12 + 4);
  tiff.write('MM', 0, 'latin1');
  tiff.writeUInt16BE(42, 2);
  tiff.writeUInt32BE(8, 4);
  tiff.writeUInt16BE(1, 8); // one entry
  tiff.writeUInt16BE(0x0112, 10); // Orientation
  tiff.writeUInt16BE(3, 12); // SHORT
  tiff.writeUInt32BE(1, 14); // count
  tiff.writeUInt16BE(orientation, 18); // value, left-justified in the 4-byte field
  tiff.writeUInt32BE(0, 22); // no next IFD
  const payload = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  const header = Buffer.from([0xff, 0xe1, 0, 0]);
  header.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([header, payload]);
}

/**
 * Walk a JPEG marker by marker (including entropy-coded scans and progressive multi-scan files),
 * dropping metadata segments and anything after EOI; keep the Orientation tag only.
 */
export function stripJpegMetadata(input: Uint8Array): StripResult {
  const buf = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  if (buf.length < 4 || buf[0] !== 0xff || buf[1] !== 0xd8) throw corrupt('JPEG', 'no start-of-image marker');
  const parts: Buffer[] = [buf.subarray(0, 2)];
  const removed: string[] = [];
  let orientation: number | null = null;
  let insertExifAt = 1; // after SOI, or after APP0 when the file starts with JFIF
  let pos = 2;
  let ended = false;
  while (pos < buf.length) {
    if (buf[pos] !== 0xff) throw corrupt('JPEG', `expected a marker at byte ${pos}`);
    let m = pos + 1;
    while (m < buf.length && buf[m] === 0xff) m++; // fill bytes
    if (m >= buf.length) throw corrupt('JPEG', 'truncated marker');
    const marker = buf[m]!;
    const segStart = pos;
    pos = m + 1;
    if (marker === 0xd9) {
      parts.push(buf.subarray(segStart, pos));
      ended = true;
      break; // bytes after EOI (appended thumbnails, MPF images, hidden data) are dropped
    }
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      parts.push(buf.subarray(segStart, pos));
      continue;
    }
    if (marker === 0xd8 || marker === 0x00) throw corrupt('JPEG', `unexpected marker 0x${marker.toString(16)} at byte ${segStart}`);
    if (pos + 2 > buf.length) throw corrupt('JPEG', 'truncated segment length');
    const segLength = buf.readUInt16BE(pos);
    const segEnd = pos + segLength;
    if (segLength < 2 || segEnd > buf.length) throw corrupt('JPEG', `segment at byte ${segStart} runs past the end`);
    const payload = buf.subarray(pos + 2, segEnd);
    const isApp = marker >= 0xe0 && marker <= 0xef;
    if ((isApp && !keepJpegAppSegment(marker, payload)) || marker === 0xfe) {
      if (marker === 0xe1 && orientation === null) orientation = exifOrientation(payload);
      removed.push(jpegSegmentName(marker, payload));
      pos = segEnd;
      continue;
    }
    parts.push(buf.subarray(segStart, segEnd));
    if (marker === 0xe0 && parts.length === 2) insertExifAt = 2;
    pos = segEnd;
    if (marker === 0xda) {
      // Entropy-coded data runs until a marker other than a stuffed 0xFF00 or a restart marker.
      let p = pos;
      while (p < buf.length) {
        if (buf[p] !== 0xff) {
          p++;
          continue;
        }
        const next = buf[p + 1];
        if (next === undefined) break;
        if (next === 0x00 || (next >= 0xd0 && next <= 0xd7)) {
          p += 2;
          continue;
        }
        if (next === 0xff) {
          p++;
          continue;
        }
        break;
      }
      parts.push(buf.subarray(pos, p));
      pos = p;
    }
  }
  if (!ended) throw corrupt('JPEG', 'no end-of-image marker (truncated upload?)');
  if (orientation !== null && orientation !== 1) parts.splice(insertExifAt, 0, orientationOnlyExifSegment(orientation));
  return { bytes: Buffer.concat(parts), removed };
}

// ----------------------------------------------------------------------------------------------- PNG

/** Ancillary chunks that can carry location or free text: Exif, and the three text chunk kinds (XMP lives in iTXt). */
const PNG_DROP = new Set(['eXIf', 'tEXt', 'zTXt', 'iTXt']);

/** Walk PNG chunks, dropping eXIf and text chunks and anything after IEND. */
export function stripPngMetadata(input: Uint8Array): StripResult {
  const buf = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  if (buf.length < 8 || buf.toString('latin1', 0, 8) !== '\x89PNG\r\n\x1a\n') throw corrupt('PNG', 'bad signature');
  const parts: Buffer[] = [buf.subarray(0, 8)];
  const removed: string[] = [];
  let pos = 8;
  let ended = false;
  let first = true;
  while (pos < buf.length) {
    if (pos + 12 > buf.length) throw corrupt('PNG', `truncated chunk at byte ${pos}`);
    const length = buf.readUInt32BE(pos);
    const type = buf.toString('latin1', pos + 4, pos + 8);
    if (!/^[A-Za-z]{4}$/.test(type)) throw corrupt('PNG', `bad chunk type at byte ${pos}`);
    if (first && type !== 'IHDR') throw corrupt('PNG', 'first chunk is not IHDR');
    first = false;
    const end = pos + 12 + length;
    if (length > 0x7fffffff || end > buf.length) throw corrupt('PNG', `chunk ${type} runs past the end`);
    if (PNG_DROP.has(type)) removed.push(`PNG ${type}`);
    else parts.push(buf.subarray(pos, end));
    pos = end;
    if (type === 'IEND') {
      ended = true;
      break;
    }
  }
  if (!ended) throw corrupt('PNG', 'no IEND chunk (truncated upload?)');
  return { bytes: Buffer.concat(parts), removed };
}

// ---------------------------------------------------------------------------------------------- WebP

/** Walk RIFF/WebP chunks, dropping EXIF and XMP chunks and clearing their flags in VP8X. */
export function stripWebpMetadata(input: Uint8Array): StripResult {
  const buf = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  if (buf.length < 20 || buf.toString('latin1', 0, 4) !== 'RIFF' || buf.toString('latin1', 8, 12) !== 'WEBP') throw corrupt('WebP', 'bad RIFF header');
  const riffEnd = 8 + buf.readUInt32LE(4);
  if (riffEnd > buf.length) throw corrupt('WebP', 'RIFF size runs past the end');
  const parts: Buffer[] = [];
  const removed: string[] = [];
  let pos = 12;
  while (pos < riffEnd) {
    if (pos + 8 > riffEnd) throw corrupt('WebP', `truncated chunk at byte ${pos}`);
    const fourcc = buf.toString('latin1', pos, pos + 4);
    const size = buf.readUInt32LE(pos + 4);
    const end = pos + 8 + size + (size % 2); // chunks are padded to an even length
    if (end > riffEnd && pos + 8 + size !== riffEnd) throw corrupt('WebP', `chunk ${fourcc} runs past the end`);
    const chunk = buf.subarray(pos, Math.min(end, riffEnd));
    if (fourcc === 'EXIF' || fourcc === 'XMP ') {
      removed.push(`WebP ${fourcc.trim()}`);
    } else if (fourcc === 'VP8X' && size >= 10) {
      const copy = Buffer.from(chunk);
      copy[8] = copy[8]! & ~(0x08 | 0x04); // clear the EXIF and XMP presence flags
      parts.push(copy);
    } else {
      parts.push(chunk);
    }
    pos = end;
  }
  const body = Buffer.concat(parts);
  const header = Buffer.alloc(12);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(4 + body.length, 4);
  header.write('WEBP', 8, 'latin1');
  return { bytes: Buffer.concat([header, body]), removed };
}

/** Strip location-bearing metadata for one of the accepted image types. */
export function stripLocationMetadata(bytes: Uint8Array, mime: 'image/jpeg' | 'image/png' | 'image/webp'): StripResult {
  if (mime === 'image/jpeg') return stripJpegMetadata(bytes);
  if (mime === 'image/png') return stripPngMetadata(bytes);
  return stripWebpMetadata(bytes);
}
