import fs from 'node:fs';
import { AppError } from '../../errors.ts';

/**
 * CJK fonts tried in order when no font file is configured: Debian's fonts-wqy-microhei (Apache-2.0/GPL
 * with font exception, 5 MB .ttc; CI installs it) and fonts-noto-cjk (OFL). pdfkit embeds only the
 * glyphs used (subset), so a bulletin stays small whatever the font's size.
 */
export const CJK_FONT_CANDIDATES = [
  { path: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', family: 'WenQuanYiMicroHei' },
  { path: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', family: 'NotoSansCJKsc-Regular' },
  { path: '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc', family: 'WenQuanYiZenHei' },
] as const;

/** The font to embed: the given file (TTF/OTF, or TTC with `family`) or the first candidate present; a clear error when none is. */
export function findCjkFont(explicit?: { path: string; family?: string } | null): { path: string; family?: string } {
  if (explicit) {
    if (!fs.existsSync(explicit.path)) throw new AppError('VALIDATION_FAILED', `font: 字体文件不存在 / font file not found: ${explicit.path}`, 'font');
    return explicit;
  }
  const found = CJK_FONT_CANDIDATES.find((c) => fs.existsSync(c.path));
  if (!found) {
    throw new AppError(
      'VALIDATION_FAILED',
      'format: 服务器未安装中文字体，无法生成 PDF；请安装 fonts-wqy-microhei（apt-get install fonts-wqy-microhei）或改用 xlsx / no CJK font on this server: install fonts-wqy-microhei or use format=xlsx',
      'format',
    );
  }
  return { path: found.path, family: found.family };
}
