import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError } from '../errors.ts';
import { acceptUpload } from './acceptUpload.ts';
import { sniffMediaType } from './sniff.ts';
import { exifOrientation, orientationOnlyExifSegment, stripJpegMetadata, stripPngMetadata, stripWebpMetadata } from './stripMetadata.ts';
import { buildJpeg, buildPng, buildWebp, exifPayloadWithGps, exifTiffWithGps, GPS_LAT_BYTES, GPS_LNG_BYTES, jpegSegment, pngChunk, XMP_GPS_TEXT } from './testImages.ts';

const MiB = 1024 * 1024;

function isAppError(code: string, field?: string) {
  return (err: unknown) => err instanceof AppError && err.code === code && (field === undefined || err.field === field);
}

describe('JPEG metadata stripping', () => {
  const withGps = buildJpeg([
    jpegSegment(0xe1, exifPayloadWithGps()),
    jpegSegment(0xe1, `http://ns.adobe.com/xap/1.0/\0${XMP_GPS_TEXT}`),
    jpegSegment(0xed, 'Photoshop 3.0\0IPTC city=Nanjing'),
    jpegSegment(0xfe, 'shot at 32.0620N 118.7824E'),
  ]);

  it('removes Exif GPS, XMP, IPTC and comments but keeps the image and its orientation', () => {
    assert.ok(withGps.includes(GPS_LAT_BYTES), 'fixture carries GPS');
    const { bytes, removed } = stripJpegMetadata(withGps);
    assert.deepEqual(removed, ['APP1 Exif', 'APP1 XMP', 'APP13 Photoshop/IPTC', 'COM']);
    assert.ok(!bytes.includes(GPS_LAT_BYTES) && !bytes.includes(GPS_LNG_BYTES), 'GPS rationals gone');
    assert.ok(!bytes.includes(Buffer.from([0x88, 0x25])), 'GPS IFD pointer tag gone');
    assert.ok(!bytes.includes(Buffer.from('GPSLatitude')) && !bytes.includes(Buffer.from('Nanjing')) && !bytes.includes(Buffer.from('118.7824')));
    assert.deepEqual([...bytes.subarray(0, 2)], [0xff, 0xd8], 'starts with SOI');
    assert.deepEqual([...bytes.subarray(-2)], [0xff, 0xd9], 'ends with EOI');
    // Exactly the clean image with an Orientation-only Exif after APP0: every image segment byte-identical.
    assert.deepEqual(bytes, buildJpeg([orientationOnlyExifSegment(6)]));
    assert.equal(exifOrientation(orientationOnlyExifSegment(6).subarray(4)), 6);
  });

  it('reads the orientation from little-endian Exif too', () => {
    const tiff = Buffer.from(exifTiffWithGps());
    // Re-encode the IFD0 header and the orientation entry little-endian.
    const le = Buffer.alloc(26);
    le.write('II', 0, 'latin1');
    le.writeUInt16LE(42, 2);
    le.writeUInt32LE(8, 4);
    le.writeUInt16LE(1, 8);
    le.writeUInt16LE(0x0112, 10);
    le.writeUInt16LE(3, 12);
    le.writeUInt32LE(1, 14);
    le.writeUInt16LE(8, 18);
    assert.equal(exifOrientation(Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), le])), 8);
    assert.equal(exifOrientation(Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff.subarray(0, 12)])), null, 'truncated IFD is ignored, not a crash');
  });

  it('is a no-op on a clean JPEG without orientation', () => {
    const clean = buildJpeg();
    const { bytes, removed } = stripJpegMetadata(clean);
    assert.deepEqual(removed, []);
    assert.deepEqual(bytes, clean);
  });

  it('walks entropy data with stuffed bytes and restart markers, and metadata between progressive scans', () => {
    const base = buildJpeg();
    const sosAt = base.indexOf(Buffer.from([0xff, 0xda]));
    const head = base.subarray(0, sosAt);
    const sos = jpegSegment(0xda, Buffer.from([1, 1, 0x00, 0, 63, 0]));
    const scan = Buffer.from([0x12, 0xff, 0x00, 0x34, 0xff, 0xd0, 0x56, 0xff, 0xff]);
    const between = jpegSegment(0xe1, exifPayloadWithGps());
    const scan2 = Buffer.from([0x78, 0xff, 0x00]);
    const file = Buffer.concat([head, sos, scan, between, sos, scan2, Buffer.from([0xff, 0xd9]), Buffer.from('trailing secret 32.06N')]);
    const { bytes, removed } = stripJpegMetadata(file);
    assert.deepEqual(removed, ['APP1 Exif']);
    assert.ok(!bytes.includes(GPS_LAT_BYTES));
    assert.ok(!bytes.includes(Buffer.from('trailing secret')), 'data after EOI dropped');
    assert.deepEqual([...bytes.subarray(-2)], [0xff, 0xd9]);
    // Orientation-only Exif inserted after APP0, then everything else verbatim.
    assert.deepEqual(bytes, Buffer.concat([head.subarray(0, 20), orientationOnlyExifSegment(6), head.subarray(20), sos, scan, sos, scan2, Buffer.from([0xff, 0xd9])]));
  });

  it('refuses truncated or corrupt JPEGs naming the file field', () => {
    const clean = buildJpeg();
    assert.throws(() => stripJpegMetadata(clean.subarray(0, clean.length - 2)), isAppError('VALIDATION_FAILED', 'file'));
    assert.throws(() => stripJpegMetadata(clean.subarray(0, 30)), isAppError('VALIDATION_FAILED', 'file'));
    const badLength = Buffer.from(clean);
    badLength.writeUInt16BE(0xfff0, 4); // APP0 length past the end
    assert.throws(() => stripJpegMetadata(badLength), isAppError('VALIDATION_FAILED', 'file'));
  });
});

describe('PNG metadata stripping', () => {
  it('removes eXIf and text chunks (including XMP in iTXt) and keeps the image chunks', () => {
    const file = buildPng([
      pngChunk('tEXt', 'Comment\0GPS 32.0620,118.7824'),
      pngChunk('eXIf', exifTiffWithGps()),
      pngChunk('iTXt', `XML:com.adobe.xmp\0\0\0\0\0${XMP_GPS_TEXT}`),
      pngChunk('zTXt', Buffer.from('Location\0\0xyz', 'latin1')),
    ]);
    const { bytes, removed } = stripPngMetadata(Buffer.concat([file, Buffer.from('after IEND 32.06')]));
    assert.deepEqual(removed, ['PNG tEXt', 'PNG eXIf', 'PNG iTXt', 'PNG zTXt']);
    assert.ok(!bytes.includes(GPS_LAT_BYTES) && !bytes.includes(Buffer.from('118.7824')) && !bytes.includes(Buffer.from('GPSLatitude')));
    assert.ok(!bytes.includes(Buffer.from('after IEND')));
    assert.deepEqual(bytes, buildPng());
    assert.equal(bytes.toString('latin1', 12, 16), 'IHDR');
    assert.equal(bytes.toString('latin1', bytes.length - 8, bytes.length - 4), 'IEND');
  });

  it('refuses a PNG cut before IEND', () => {
    const png = buildPng();
    assert.throws(() => stripPngMetadata(png.subarray(0, png.length - 12)), isAppError('VALIDATION_FAILED', 'file'));
  });
});

describe('WebP metadata stripping', () => {
  it('removes EXIF and XMP chunks and clears their VP8X flags', () => {
    const file = buildWebp(true);
    assert.ok(file.includes(GPS_LAT_BYTES));
    const { bytes, removed } = stripWebpMetadata(file);
    assert.deepEqual(removed, ['WebP EXIF', 'WebP XMP']);
    assert.ok(!bytes.includes(GPS_LAT_BYTES) && !bytes.includes(Buffer.from('GPSLatitude')));
    assert.equal(bytes.readUInt32LE(4), bytes.length - 8, 'RIFF size rewritten');
    assert.equal(bytes[20]! & 0x0c, 0, 'EXIF/XMP flags cleared');
    assert.deepEqual(bytes, buildWebp(false));
  });
});

describe('acceptUpload', () => {
  it('sniffs the type from content and strips a resident JPEG', () => {
    const jpeg = buildJpeg([jpegSegment(0xe1, exifPayloadWithGps())]);
    const out = acceptUpload(jpeg, { maxBytes: MiB, stripLocation: true });
    assert.equal(out.mime, 'image/jpeg');
    assert.equal(out.extension, 'jpg');
    assert.equal(out.stripped, true);
    assert.ok(!out.bytes.includes(GPS_LAT_BYTES));
  });

  it('keeps staff uploads byte for byte (location is evidence there)', () => {
    const jpeg = buildJpeg([jpegSegment(0xe1, exifPayloadWithGps())]);
    const out = acceptUpload(jpeg, { maxBytes: MiB, stripLocation: false });
    assert.equal(out.stripped, false);
    assert.deepEqual(out.bytes, jpeg);
  });

  it('accepts PNG and WebP', () => {
    assert.equal(acceptUpload(buildPng(), { maxBytes: MiB, stripLocation: true }).mime, 'image/png');
    assert.equal(acceptUpload(buildWebp(true), { maxBytes: MiB, stripLocation: true }).mime, 'image/webp');
  });

  it('refuses a text file renamed .jpg with 415 naming the detected type', () => {
    const text = Buffer.from('这不是图片 — just notes.jpg\nline two\n', 'utf8');
    assert.throws(
      () => acceptUpload(text, { maxBytes: MiB, stripLocation: true }),
      (err: unknown) => err instanceof AppError && err.code === 'UNSUPPORTED_MEDIA_TYPE' && err.field === 'file' && /text \(text\/plain\)/.test(err.message) && err.details?.['detected'] === 'text/plain',
    );
  });

  it('refuses GIF, PDF, SVG and unknown binaries, naming each', () => {
    const cases: Array<[Buffer, string]> = [
      [Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1'), 'image/gif'],
      [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1'), 'application/pdf'],
      [Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), 'image/svg+xml'],
      [Buffer.from([0x00, 0x01, 0x02, 0x03, 0xfe, 0xfd]), 'application/octet-stream'],
    ];
    for (const [bytes, mime] of cases) {
      assert.equal(sniffMediaType(bytes).mime, mime);
      assert.throws(
        () => acceptUpload(bytes, { maxBytes: MiB, stripLocation: true }),
        (err: unknown) => err instanceof AppError && err.code === 'UNSUPPORTED_MEDIA_TYPE' && err.message.includes(mime),
      );
    }
  });

  it('refuses HEIC with a clear message telling how to convert', () => {
    const heic = Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from('ftypheic\0\0\0\0mif1heic', 'latin1')]);
    assert.equal(sniffMediaType(heic).mime, 'image/heic');
    assert.throws(
      () => acceptUpload(heic, { maxBytes: MiB, stripLocation: true }),
      (err: unknown) => err instanceof AppError && err.code === 'UNSUPPORTED_MEDIA_TYPE' && /HEIC/.test(err.message) && /JPEG/.test(err.message),
    );
  });

  it('refuses a file over the limit with 413 stating the limit, before looking at it', () => {
    const big = Buffer.concat([buildJpeg(), Buffer.alloc(2 * MiB)]);
    assert.throws(
      () => acceptUpload(big, { maxBytes: 2 * MiB, stripLocation: true }),
      (err: unknown) => err instanceof AppError && err.code === 'PAYLOAD_TOO_LARGE' && err.message.includes('2 MiB') && err.details?.['maxBytes'] === 2 * MiB,
    );
  });

  it('refuses an empty file and a JPEG header with nothing behind it', () => {
    assert.throws(() => acceptUpload(Buffer.alloc(0), { maxBytes: MiB, stripLocation: true }), isAppError('VALIDATION_FAILED', 'file'));
    assert.throws(() => acceptUpload(Buffer.from([0xff, 0xd8, 0xff, 0xe0]), { maxBytes: MiB, stripLocation: false }), isAppError('VALIDATION_FAILED', 'file'));
  });
});
