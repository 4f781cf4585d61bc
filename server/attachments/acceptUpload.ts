import { AppError } from '../errors.ts';
import { sniffMediaType } from './sniff.ts';
import { stripLocationMetadata } from './stripMetadata.ts';

/** Image types an upload may have, with the extension used when serving them. */
export const ACCEPTED_IMAGE_TYPES = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp' } as const;
export type AcceptedMime = keyof typeof ACCEPTED_IMAGE_TYPES;

/** Default size limit when the caller's configuration gives none: 10 MiB (a phone photo is 2–6 MB). */
export const DEFAULT_MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

export interface AcceptUploadOptions {
  maxBytes: number;
  /** Remove location-bearing metadata (always true for resident uploads). */
  stripLocation: boolean;
}

export interface AcceptedUpload {
  /** The bytes to store (stripped when asked). */
  bytes: Buffer;
  mime: AcceptedMime;
  extension: string;
  stripped: boolean;
  /** Metadata blocks that were removed, e.g. ['APP1 Exif']. */
  removed: string[];
}

function isAccepted(mime: string): mime is AcceptedMime {
  return Object.hasOwn(ACCEPTED_IMAGE_TYPES, mime);
}

/**
 * Check an upload: size limit (413), type sniffed from the content (415 naming what was found),
 * structure walked end to end (a truncated or forged image is refused), location metadata stripped.
 */
export function acceptUpload(bytes: Uint8Array, options: AcceptUploadOptions): AcceptedUpload {
  if (bytes.byteLength === 0) throw new AppError('VALIDATION_FAILED', 'file: 文件为空 / the file is empty', 'file');
  if (bytes.byteLength > options.maxBytes) {
    throw new AppError(
      'PAYLOAD_TOO_LARGE',
      `文件过大：上限 ${formatBytes(options.maxBytes)} / file too large: ${formatBytes(bytes.byteLength)}, limit ${formatBytes(options.maxBytes)} (${options.maxBytes} bytes)`,
      'file',
      { maxBytes: options.maxBytes, size: bytes.byteLength },
    );
  }
  const sniffed = sniffMediaType(bytes);
  if (sniffed.mime === 'image/heic') {
    // HEIC is detected reliably (ISO-BMFF 'ftyp' brand), but removing its Exif/GPS safely needs
    // rewriting item locations (iloc); until that exists we refuse rather than store location data.
    throw new AppError(
      'UNSUPPORTED_MEDIA_TYPE',
      `暂不支持 HEIC/HEIF 照片，请转为 JPEG 后上传（iPhone：设置 → 相机 → 格式 → 兼容性最佳） / HEIC/HEIF photos are not accepted yet (detected ${sniffed.label}); convert to JPEG and upload again`,
      'file',
      { detected: sniffed.mime },
    );
  }
  if (!isAccepted(sniffed.mime)) {
    throw new AppError(
      'UNSUPPORTED_MEDIA_TYPE',
      `仅支持 JPEG、PNG、WebP 图片 / only JPEG, PNG and WebP images are accepted; the content is ${sniffed.label} (${sniffed.mime})`,
      'file',
      { detected: sniffed.mime },
    );
  }
  // The walker also validates the whole structure, so run it even when keeping metadata.
  const result = stripLocationMetadata(bytes, sniffed.mime);
  return options.stripLocation
    ? { bytes: result.bytes, mime: sniffed.mime, extension: ACCEPTED_IMAGE_TYPES[sniffed.mime], stripped: true, removed: result.removed }
    : { bytes: Buffer.from(bytes), mime: sniffed.mime, extension: ACCEPTED_IMAGE_TYPES[sniffed.mime], stripped: false, removed: [] };
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(n % (1024 * 1024) === 0 ? 0 : 1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(n % 1024 === 0 ? 0 : 1)} KiB`;
  return `${n} B`;
}
