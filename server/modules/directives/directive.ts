import { AppError } from '../../errors.ts';
import type { DirectiveRow, DirectiveSupplementRow } from '../../storage/schema.ts';
import { CODE_LENGTH, LEVELS, levelOfCode, pathOfCode, type Level } from '../../../shared/territory/codes.ts';
import { ROLES, roleAllows, type Role } from '../../../shared/access/roles.ts';
import type { Directive, Priority, ReplyFormField, Supplement } from '../../../shared/directives/wire.ts';

/** Roles whose holders are a unit's responsible persons for the implementation report (落实反馈). */
export const REPORTING_ROLES: readonly Role[] = ROLES.filter((r) => r !== 'admin' && roleAllows(r, 'directive.report'));

/** Length of a materialised path at a level: '32/' = 3, '32/3201/' = 8, … a grid's = 54. */
export function pathLengthAt(level: Level): number {
  return pathOfCode('1'.repeat(CODE_LENGTH[level])).length;
}

/** The level below `level`, or null for a grid. */
export function childLevelOf(level: Level): Level | null {
  return LEVELS[LEVELS.indexOf(level) + 1] ?? null;
}

/** The code at the end of a path prefix ('32/3201/' → '3201'). */
export function codeOfPath(path: string): string {
  const parts = path.split('/').filter(Boolean);
  return parts[parts.length - 1] ?? '';
}

export function levelOf(code: string, field: string): Level {
  const level = levelOfCode(code);
  if (!level) throw new AppError('VALIDATION_FAILED', `${field}: "${code}" is not a division or grid code`, field);
  return level;
}

function parseJson<T>(text: string | null, fallback: T): T {
  return text === null ? fallback : (JSON.parse(text) as T);
}

/** The wire shape of a 补充要求. */
export function presentSupplement(s: DirectiveSupplementRow): Supplement {
  return { id: s.id, unitCode: s.unit_code, authorName: s.author_name, body: s.body, createdAt: s.created_at };
}

/** The wire shape of a directive. */
export function presentDirective(row: DirectiveRow, supplements: readonly DirectiveSupplementRow[] = []): Directive {
  return {
    id: row.id,
    title: row.title,
    body: row.body,
    // Written only through issueBody's enum (default 'normal').
    priority: row.priority as Priority,
    attachments: parseJson<string[]>(row.attachments_json, []),
    issuer: { id: row.issuer_id, name: row.issuer_name, unitCode: row.issuing_code },
    targetUnits: parseJson<string[] | null>(row.target_units_json, null),
    targetRoles: parseJson<string[] | null>(row.target_roles_json, null),
    replyForm: parseJson<ReplyFormField[] | null>(row.reply_form_json, null),
    signDeadline: row.sign_deadline,
    reportDeadline: row.report_deadline,
    remindAt: row.remind_at,
    campaignId: row.campaign_id,
    deliveredCount: row.delivered_count,
    createdAt: row.created_at,
    supplements: supplements.map(presentSupplement),
  };
}

/**
 * Check form answers against the directive's reply form: unknown keys, missing required fields,
 * wrong types and choices outside the options are VALIDATION_FAILED naming `answers.<key>`.
 * Returns the photo sha256 values the answers reference (they must be uploaded attachments).
 */
export function checkAnswers(form: readonly ReplyFormField[] | null, answers: Record<string, string | number> | undefined): string[] {
  const given = answers ?? {};
  if (!form) {
    if (Object.keys(given).length) throw new AppError('VALIDATION_FAILED', 'answers: 该指令没有反馈表 / this directive has no reply form', 'answers');
    return [];
  }
  const byKey = new Map(form.map((f) => [f.key, f]));
  for (const key of Object.keys(given)) {
    if (!byKey.has(key)) throw new AppError('VALIDATION_FAILED', `answers.${key}: 反馈表中没有此项 / not a field of the reply form`, `answers.${key}`);
  }
  const photos: string[] = [];
  for (const f of form) {
    const v = given[f.key];
    const field = `answers.${f.key}`;
    if (v === undefined || v === '') {
      if (f.required) throw new AppError('VALIDATION_FAILED', `${field}: 必填 / ${f.label} is required`, field);
      continue;
    }
    if (f.type === 'number' && typeof v !== 'number') throw new AppError('VALIDATION_FAILED', `${field}: 应为数字 / must be a number`, field);
    if (f.type !== 'number' && typeof v !== 'string') throw new AppError('VALIDATION_FAILED', `${field}: 应为文本 / must be text`, field);
    if (f.type === 'choice' && !(f.options ?? []).includes(v as string)) {
      throw new AppError('VALIDATION_FAILED', `${field}: 须为选项之一 / must be one of ${(f.options ?? []).join(', ')}`, field);
    }
    if (f.type === 'photo') {
      if (!/^[0-9a-f]{64}$/.test(v as string)) throw new AppError('VALIDATION_FAILED', `${field}: 应为已上传图片的 sha256 / must be the sha256 of an uploaded photo`, field);
      photos.push(v as string);
    }
  }
  return photos;
}

/** Check a reply form definition: choice fields need options. */
export function checkReplyForm(form: readonly ReplyFormField[] | undefined): void {
  if (!form) return;
  const seen = new Set<string>();
  form.forEach((f, i) => {
    if (seen.has(f.key)) throw new AppError('VALIDATION_FAILED', `replyForm.${i}.key: 重复 / duplicate key "${f.key}"`, `replyForm.${i}.key`);
    seen.add(f.key);
    if (f.type === 'choice' && !f.options?.length) throw new AppError('VALIDATION_FAILED', `replyForm.${i}.options: 选择题需要选项 / a choice field needs options`, `replyForm.${i}.options`);
  });
}
