import zlib from 'node:zlib';

/**
 * Tiny, real image files built byte by byte for the attachment tests (no fixtures on disk).
 * Not used by production code.
 */

/** One JPEG segment: 0xFF marker, big-endian length (payload + 2), payload. */
export function jpegSegment(marker: number, payload: Uint8Array | string): Buffer {
  const body = typeof payload === 'string' ? Buffer.from(payload, 'latin1') : Buffer.from(payload);
  const head = Buffer.from([0xff, marker, 0, 0]);
  head.writeUInt16BE(body.length + 2, 2);
  return Buffer.concat([head, body]);
}

/** GPS latitude 32°3'43.21" and longitude 118°46'56.78" as EXIF RATIONALs: the bytes that must vanish. */
export const GPS_LAT_BYTES = Buffer.from([0, 0, 0, 32, 0, 0, 0, 1, 0, 0, 0, 3, 0, 0, 0, 1, 0, 0, 0x10, 0xe1, 0, 0, 0, 100]);
export const GPS_LNG_BYTES = Buffer.from([0, 0, 0, 118, 0, 0, 0, 1, 0, 0, 0, 46, 0, 0, 0, 1, 0, 0, 0x16, 0x2e, 0, 0, 0, 100]);

/** A big-endian TIFF block: IFD0 with Orientation=6 and a GPS IFD pointer; GPS IFD with N/E lat/lng. */
export function exifTiffWithGps(): Buffer {
  const t = Buffer.alloc(140);
  t.write('MM', 0, 'latin1');
  t.writeUInt16BE(42, 2);
  t.writeUInt32BE(8, 4);
  let o = 8;
  t.writeUInt16BE(2, o); o += 2;
  t.writeUInt16BE(0x0112, o); t.writeUInt16BE(3, o + 2); t.writeUInt32BE(1, o + 4); t.writeUInt16BE(6, o + 8); o += 12;
  t.writeUInt16BE(0x8825, o); t.writeUInt16BE(4, o + 2); t.writeUInt32BE(1, o + 4); t.writeUInt32BE(38, o + 8); o += 12;
  t.writeUInt32BE(0, o); o += 4; // 38
  t.writeUInt16BE(4, o); o += 2;
  t.writeUInt16BE(1, o); t.writeUInt16BE(2, o + 2); t.writeUInt32BE(2, o + 4); t.write('N\0', o + 8, 'latin1'); o += 12;
  t.writeUInt16BE(2, o); t.writeUInt16BE(5, o + 2); t.writeUInt32BE(3, o + 4); t.writeUInt32BE(92, o + 8); o += 12;
  t.writeUInt16BE(3, o); t.writeUInt16BE(2, o + 2); t.writeUInt32BE(2, o + 4); t.write('E\0', o + 8, 'latin1'); o += 12;
  t.writeUInt16BE(4, o); t.writeUInt16BE(5, o + 2); t.writeUInt32BE(3, o + 4); t.writeUInt32BE(116, o + 8); o += 12;
  t.writeUInt32BE(0, o); o += 4; // 92
  GPS_LAT_BYTES.copy(t, 92);
  GPS_LNG_BYTES.copy(t, 116);
  return t;
}

/** APP1 'Exif' payload with the GPS block above. */
export function exifPayloadWithGps(): Buffer {
  return Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), exifTiffWithGps()]);
}

export const XMP_GPS_TEXT = '<x:xmpmeta><rdf:Description exif:GPSLatitude="32,3.72N" exif:GPSLongitude="118,46.95E"/></x:xmpmeta>';

/**
 * A valid baseline 8×8 greyscale JPEG: one quantisation table of 1s, Huffman tables with a single
 * 1-bit code each (DC category 0, AC end-of-block), one MCU encoded as bits '00' padded with 1s.
 * `metadata` segments go right after APP0 (where cameras put Exif).
 */
export function buildJpeg(metadata: Buffer[] = []): Buffer {
  const jfif = jpegSegment(0xe0, Buffer.from([0x4a, 0x46, 0x49, 0x46, 0x00, 1, 1, 0, 0, 1, 0, 1, 0, 0]));
  const dqt = jpegSegment(0xdb, Buffer.concat([Buffer.from([0x00]), Buffer.alloc(64, 1)]));
  const sof0 = jpegSegment(0xc0, Buffer.from([8, 0, 8, 0, 8, 1, 1, 0x11, 0]));
  const counts = Buffer.alloc(16);
  counts[0] = 1;
  const dhtDc = jpegSegment(0xc4, Buffer.concat([Buffer.from([0x00]), counts, Buffer.from([0x00])]));
  const dhtAc = jpegSegment(0xc4, Buffer.concat([Buffer.from([0x10]), counts, Buffer.from([0x00])]));
  const sos = jpegSegment(0xda, Buffer.from([1, 1, 0x00, 0, 63, 0]));
  return Buffer.concat([Buffer.from([0xff, 0xd8]), jfif, ...metadata, dqt, sof0, dhtDc, dhtAc, sos, Buffer.from([0x3f]), Buffer.from([0xff, 0xd9])]);
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** One PNG chunk with its CRC. */
export function pngChunk(type: string, data: Uint8Array | string): Buffer {
  const body = typeof data === 'string' ? Buffer.from(data, 'latin1') : Buffer.from(data);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(body.length);
  const typed = Buffer.concat([Buffer.from(type, 'latin1'), body]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([len, typed, crc]);
}

/** A valid 2×2 greyscale PNG; `metadata` chunks go between IHDR and IDAT. */
export function buildPng(metadata: Buffer[] = []): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(2, 0);
  ihdr.writeUInt32BE(2, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  const raw = Buffer.from([0, 0x00, 0xff, 0, 0xff, 0x00]); // filter byte + 2 pixels per row
  return Buffer.concat([
    Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'),
    pngChunk('IHDR', ihdr),
    ...metadata,
    pngChunk('IDAT', zlib.deflateSync(raw)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** The 1×1 lossless VP8L bitstream chunk from the well-known 26-byte WebP feature-test image. */
const VP8L_1X1 = Buffer.from('UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==', 'base64').subarray(12);

function riffChunk(fourcc: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.write(fourcc, 0, 'latin1');
  head.writeUInt32LE(data.length, 4);
  return Buffer.concat([head, data, data.length % 2 ? Buffer.alloc(1) : Buffer.alloc(0)]);
}

/** An extended-format 1×1 WebP (VP8X + VP8L), optionally with EXIF and XMP chunks and their flags set. */
export function buildWebp(withMetadata: boolean): Buffer {
  const vp8x = Buffer.alloc(10); // flags, 3 reserved, canvas width-1 and height-1 (24-bit LE each) = 0
  vp8x[0] = withMetadata ? 0x08 | 0x04 : 0;
  const chunks = [riffChunk('VP8X', vp8x), VP8L_1X1];
  if (withMetadata) chunks.push(riffChunk('EXIF', exifTiffWithGps()), riffChunk('XMP ', Buffer.from(XMP_GPS_TEXT + ' ', 'latin1')));
  const body = Buffer.concat(chunks);
  const head = Buffer.alloc(12);
  head.write('RIFF', 0, 'latin1');
  head.writeUInt32LE(body.length + 4, 4);
  head.write('WEBP', 8, 'latin1');
  return Buffer.concat([head, body]);
}
