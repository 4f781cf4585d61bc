import type { FastifyRequest } from 'fastify';
import { AppError } from '../../errors.ts';
import { addField, emptyForm, type Open311Form } from './open311.schemas.ts';

/** The one file field a POST may carry: the photo (`media`, as GeoReport v2 extensions and most clients name it). */
export const MEDIA_FIELD = 'media';
/** Longest text field accepted in a multipart body (a description is ≤ 4,000 characters; UTF-8 ≤ 16 KB). */
export const MAX_FIELD_BYTES = 64 * 1024;

export interface MultipartServiceRequest {
  form: Open311Form;
  /** The uploaded photo's bytes, unchecked (storeAttachment sniffs, limits and strips them). */
  media: Buffer | null;
}

/**
 * Read a `multipart/form-data` POST (what `curl -F`, HTML forms with a file input, Postman's form-data
 * and Python `requests(files=…)` send) into the same form an urlencoded body gives, plus the optional
 * photo. The multipart plugin enforces the byte limits while streaming; its limit errors are turned
 * into Open311 errors naming the field here.
 */
export async function readMultipartForm(request: FastifyRequest, maxMediaBytes: number): Promise<MultipartServiceRequest> {
  const form = emptyForm();
  let media: Buffer | null = null;
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        if (part.fieldname !== MEDIA_FIELD) {
          part.file.resume();
          throw new AppError('VALIDATION_FAILED', `${part.fieldname}: 仅接受一个文件字段 media / the only file field accepted is "media" (one photo)`, part.fieldname);
        }
        media = await part.toBuffer();
      } else {
        if (part.valueTruncated) {
          throw new AppError('VALIDATION_FAILED', `${part.fieldname}: 字段过长 / field longer than ${MAX_FIELD_BYTES} bytes`, part.fieldname);
        }
        addField(form, part.fieldname, String(part.value ?? ''));
      }
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    const code = (err as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') {
      throw new AppError('PAYLOAD_TOO_LARGE', `${MEDIA_FIELD}: 图片过大 / photo larger than the limit of ${maxMediaBytes} bytes`, MEDIA_FIELD, { maxBytes: maxMediaBytes });
    }
    if (code === 'FST_FILES_LIMIT') throw new AppError('VALIDATION_FAILED', `${MEDIA_FIELD}: 只能附一张图片 / send one photo only`, MEDIA_FIELD);
    if (code === 'FST_FIELDS_LIMIT' || code === 'FST_PARTS_LIMIT') throw new AppError('VALIDATION_FAILED', 'body: 字段过多 / too many form fields', 'body');
    if (code === 'FST_PROTO_VIOLATION') throw new AppError('VALIDATION_FAILED', 'body: 字段名不合法 / a field name is not allowed', 'body');
    // A body that ends early or is not valid multipart (busboy's "Unexpected end of form", a missing boundary).
    throw new AppError('VALIDATION_FAILED', `body: 无法解析 multipart 请求体 / the multipart body could not be read (${(err as Error).message})`, 'body');
  }
  return { form, media };
}
