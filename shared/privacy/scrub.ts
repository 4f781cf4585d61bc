import { COMPOUND_SURNAMES, SINGLE_SURNAMES } from './surnames.ts';

/**
 * Personal data in free text (a resident's description, a notice draft): find it, or replace it before
 * the text is published. Pure and dependency-free so the server (Open311 feed, notice checks) and the
 * browser (warning a writer before they publish) run the same rules.
 *
 * What is recognised (each a `PersonalDataKind`), written for the way Chinese complaint text is typed —
 * half- or full-width digits, spaces or hyphens inside numbers, a +86 prefix:
 * - `idNumber`: an 18-digit resident ID number (身份证号, GB 11643: 6-digit area, birth date 18xx–20xx
 *   with a real month and day, 3-digit sequence, check digit 0–9 or X). The check digit is not verified:
 *   a mistyped ID number is still someone's ID number. 15-digit pre-1999 numbers are not recognised —
 *   they collide with 15-digit grid codes.
 * - `phone`: a mainland mobile number (1[3-9] + 9 digits, optionally +86/0086, with a space, hyphen or dot
 *   between any two digits — 138.1234.5678, 1 3 8 1 2 3 4 5 6 7 8 — or in Chinese numerals 一三八…, 幺 for 1);
 *   a landline with its area code (0 + 2–3 digits, then 7–8 digits, optionally in brackets or hyphenated);
 *   a bare 7–8 digit local number only right after a phone word (电话, 手机, 座机, 联系方式, 拨打, 致电, Tel).
 *   Service numbers of 3–5 digits (110, 12345) are not personal data and stay.
 * - `plate`: a vehicle plate (车牌): province abbreviation + letter + 5 characters (挂/学/警/港/澳 allowed
 *   last), or 6 for new-energy plates (苏AD12345), with an optional · or space after the letter, letters in
 *   either case; at least one digit is required so ordinary words after a province character do not match.
 * - `email`: an email address.
 * - `name`, where a name is detectable: a surname and 0–2 given-name characters right before a form of
 *   address, wherever it stands (王先生, 欧阳女士, 李师傅, 张伟先生, 请联系李红女士), or a
 *   surname and given name after a cue (我叫…, 名叫…, 联系人…, 报告人…, 姓名…, 户主…). A bare name with no
 *   cue (张三说) is not detectable this way and is left — the scrubber is a safety net, not a guarantee;
 *   staff still read what they publish.
 * - `qq` / `wechat`: a QQ number (5–11 digits) after QQ/qq号/扣扣, a WeChat ID (letters, digits, _ and -)
 *   after 微信/微信号/wx/vx.
 * - `bankCard`: a 16–19 digit card number after 卡号/银行卡/账号, or a standalone 16–19 digit run (groups
 *   split by spaces or hyphens allowed) that passes the Luhn check — so long order or tracking numbers stay.
 * - `address`: the flat-level tail of an address in free text — after a street number (…号) the building,
 *   unit, floor and room (3栋2单元1102室, 1102房, 之1102, 一一零二室) is cut to …; a bare 18号 stays (a street
 *   number is public-level) and so do counts with no 号 before them (3栋楼).
 *
 * Separators: digits of a phone may be split by any short run of spaces, hyphens, dots, slashes,
 * underscores or commas (138 - 1234 - 5678, 138/1234/5678, 138，1234，5678), and be typed in lower- or
 * upper-case Chinese numerals (一三八…, 壹叁捌…); an ID number may be split between area, year, month, day and
 * sequence (320102 19900101 1234, 320102-1990-0101-1234); a plate may have a separator anywhere (苏A-12345,
 * 苏A 1234 5). Grid codes (15 digits), division codes (6–12), case numbers, amounts, dates and times are
 * not matched.
 */
export type PersonalDataKind = 'idNumber' | 'phone' | 'plate' | 'email' | 'name' | 'qq' | 'wechat' | 'bankCard' | 'address';

/** One piece of personal data found in a text: what it is and where (UTF-16 offsets, end exclusive). */
export interface PersonalDataHit {
  kind: PersonalDataKind;
  text: string;
  start: number;
  end: number;
}

/** What each kind is replaced with by scrubPersonalData. A name keeps its form of address: 王先生 → 某先生. */
export const SCRUB_REPLACEMENTS: Readonly<Record<PersonalDataKind, string>> = {
  idNumber: '[身份证号]',
  phone: '[电话]',
  plate: '[车牌]',
  email: '[邮箱]',
  name: '某',
  qq: '[QQ号]',
  wechat: '[微信号]',
  bankCard: '[银行卡号]',
  address: '…',
};

const D = '[0-9０-９]'; // a digit, half- or full-width (Chinese IMEs type both)
const SEP = '[-－\\s ]?'; // one optional separator inside a number
const NOT_DIGIT_BEFORE = '(?<![0-9０-９])';
const NOT_DIGIT_AFTER = '(?![0-9０-９])';

const ID_SEP = '[-－\\s ]{0,2}'; // between the area, year, month, day and sequence parts
const ID_NUMBER = new RegExp(
  `(?<![0-9０-９A-Za-z])[1-9１-９]${D}{5}${ID_SEP}(?:18|19|20|１８|１９|２０)${D}{2}${ID_SEP}(?:0[1-9]|1[0-2]|０[１-９]|１[０-２])${ID_SEP}(?:0[1-9]|[12]${D}|3[01]|０[１-９]|[１２]${D}|３[０１])${ID_SEP}${D}{3}[0-9０-９Xx](?![0-9０-９A-Za-z])`,
  'g',
);

// A mobile number may be typed with a separator between any two digits (138.1234.5678, 1 3 8 1 2 3 4 5 6 7 8)
// or in Chinese numerals (一三八一二三四五六七八, 幺 for 1, 〇/零 for 0), which residents use to dodge filters.
// Upper-case numerals (壹贰叁…, as on cheques) too; a run of up to 3 separators between groups.
const MOBILE_DIGIT = '[0-9０-９〇零一二三四五六七八九幺壹贰叁肆伍陆柒捌玖]';
const MOBILE_SEP = '[-－_＿.．·/／,，、\\s ]{0,3}';
const MOBILE = new RegExp(
  `${NOT_DIGIT_BEFORE}(?:(?:\\+|＋|00)?(?:86|８６)${SEP})?[1１一幺壹]${MOBILE_SEP}[3-9３-９三四五六七八九叁肆伍陆柒捌玖](?:${MOBILE_SEP}${MOBILE_DIGIT}){9}(?![0-9０-９〇零一二三四五六七八九幺壹贰叁肆伍陆柒捌玖])`,
  'g',
);
const LANDLINE = new RegExp(`${NOT_DIGIT_BEFORE}(?:[(（][0０]${D}{2,3}[)）]\\s?|[0０]${D}{2,3}${SEP})[2-9２-９]${D}{2,3}${SEP}${D}{4}${NOT_DIGIT_AFTER}`, 'g');
const LOCAL_AFTER_CUE = new RegExp(`(?<=(?:电话|手机|座机|联系方式|联系电话|号码|拨打|致电|打|[Tt]el|TEL)[号码是为:：\\s]{0,3})[2-9２-９]${D}{2,3}${SEP}${D}{4}${NOT_DIGIT_AFTER}`, 'g');

const PROVINCES = '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼';
const PLATE_SEP = '[-－·•・\\s]?';
const PLATE_CH = `${PLATE_SEP}[A-Za-z0-9]`;
const PLATE = new RegExp(
  `[${PROVINCES}]${PLATE_SEP}[A-Za-z](?=(?:${PLATE_CH}){0,5}${PLATE_SEP}[0-9])(?:(?:${PLATE_CH}){5,6}|(?:${PLATE_CH}){4}${PLATE_SEP}[挂学警港澳])(?![A-Za-z0-9])`,
  'g',
);

const QQ = /(?<=(?:QQ|qq|Qq|扣扣)(?:号码|号)?[是为:：\s]{0,3})[1-9][0-9]{4,10}(?![0-9])/g;
const WECHAT = /(?<=(?:微信号|微信|[Ww][Xx]|[Vv][Xx])[号是为:：\s]{0,3})[A-Za-z0-9][-_A-Za-z0-9]{4,19}(?![-_A-Za-z0-9])/g;
const CARD_DIGITS = `${D}(?:[-\\s]?${D}){15,18}`;
const BANK_CARD_AFTER_CUE = new RegExp(`(?<=(?:卡号|银行卡|账号|帐号)[号是为:：\\s]{0,3})${CARD_DIGITS}${NOT_DIGIT_AFTER}`, 'g');
const BANK_CARD = new RegExp(`${NOT_DIGIT_BEFORE}${CARD_DIGITS}${NOT_DIGIT_AFTER}`, 'g');

/** The Luhn check every bank card number passes (and a random digit run passes one time in ten). */
function passesLuhn(text: string): boolean {
  const digits = [...text].filter((c) => /[0-9０-９]/.test(c)).map((c) => (c.charCodeAt(0) >= 0xff10 ? c.charCodeAt(0) - 0xff10 : Number(c)));
  if (digits.length < 16 || digits.length > 19) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits[digits.length - 1 - i]!;
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

// The flat-level tail of an address in free text: after a street number (18号, 十八号, 5号楼) the building,
// unit, floor and room. Each piece is a number with a flat word, a number after 之/-/#, or a number
// followed by a hyphen (3-2-501); only a piece with a flat word may stand after a space (18号 3栋, but
// not 第118号 2026-12-07). A date (12月18号) is not a street number.
const FLAT_NUM = '[0-9０-９A-Za-zＡ-Ｚ〇零一二三四五六七八九十两]+';
const FLAT_WORD = '(?:栋|幢|座|号楼|单元|层|楼|室|房|户)';
const FLAT_PIECE = `(?:${FLAT_NUM}\\s*${FLAT_WORD}|[-－#＃之]\\s*${FLAT_NUM}\\s*${FLAT_WORD}?|${FLAT_NUM}(?=\\s*[-－之]\\s*[0-9０-９〇零一二三四五六七八九]))`;
const ADDRESS_TAIL = new RegExp(`(?<=[0-9０-９〇零一二三四五六七八九十]号(?:楼|院)?)(?<!月[0-9０-９一二三四五六七八九十]{1,3}号)(?:\\s*${FLAT_NUM}\\s*${FLAT_WORD}|${FLAT_PIECE})(?:\\s*${FLAT_PIECE})*`, 'g');

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;

const SURNAME = `(?:${COMPOUND_SURNAMES.join('|')}|[${SINGLE_SURNAMES.join('')}])`;
const HONORIFIC = '(?:先生|女士|小姐|师傅|阿姨|大爷|大妈|大娘|老师|同志|老人家)';
// Characters that end a given name rather than continue it (我叫张三住在… → 张三).
const GIVEN = '(?:(?![的了是在和住家说要我你他她们也就都与及或反映称电话手机号先女姐师阿老同])[\\u4e00-\\u9fff])';
/**
 * A name before a form of address, wherever it stands (楼下王先生, 请联系李红女士, 欧阳娜娜女士): a surname
 * and 0–2 given-name characters directly before the cue. The leftmost surname that fits wins, so a full
 * name is taken whole; where the character before the name is itself a surname (向王先生) one character
 * too many is scrubbed, which is the safe way to be wrong.
 */
const NAME_BEFORE_HONORIFIC = new RegExp(`${SURNAME}${GIVEN}{0,2}(?=\\s?[(（]?${HONORIFIC})`, 'g');
/** A name after a cue: 我叫张三, 联系人：欧阳娜娜, 姓名 李四. */
const NAME_AFTER_CUE = new RegExp(`(?<=(?:我叫|名叫|叫做|联系人|报告人|举报人|投诉人|反映人|报警人|当事人|户主|姓名)[是为:：\\s]{0,2})${SURNAME}(?:\\s?${GIVEN}){1,2}`, 'g');

/** Patterns in priority order: where two overlap, the earlier kind wins (an ID number is not a phone). */
const PATTERNS: readonly (readonly [PersonalDataKind, RegExp, ((text: string) => boolean)?])[] = [
  ['idNumber', ID_NUMBER],
  ['email', EMAIL],
  ['bankCard', BANK_CARD_AFTER_CUE],
  ['phone', MOBILE],
  ['phone', LANDLINE],
  ['phone', LOCAL_AFTER_CUE],
  ['bankCard', BANK_CARD, passesLuhn],
  ['qq', QQ],
  ['wechat', WECHAT],
  ['plate', PLATE],
  ['address', ADDRESS_TAIL],
  ['name', NAME_AFTER_CUE],
  ['name', NAME_BEFORE_HONORIFIC],
];

/** Every piece of personal data recognised in the text, in order of position, never overlapping. */
export function findPersonalData(text: string): PersonalDataHit[] {
  const hits: PersonalDataHit[] = [];
  const taken = (start: number, end: number) => hits.some((h) => start < h.end && h.start < end);
  for (const [kind, pattern, accept] of PATTERNS) {
    for (const m of text.matchAll(pattern)) {
      const start = m.index ?? 0;
      const end = start + m[0].length;
      if (m[0].trim() === '' || taken(start, end) || (accept && !accept(m[0]))) continue;
      hits.push({ kind, text: m[0], start, end });
    }
  }
  return hits.sort((a, b) => a.start - b.start);
}

/** The text with every recognised piece of personal data replaced (SCRUB_REPLACEMENTS): safe to publish. */
export function scrubPersonalData(text: string): string {
  let out = '';
  let at = 0;
  for (const hit of findPersonalData(text)) {
    out += text.slice(at, hit.start) + SCRUB_REPLACEMENTS[hit.kind];
    at = hit.end;
  }
  return out + text.slice(at);
}
