import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';

type Tree = { [key: string]: string | Tree };

// Translations live in one file per area and language: core.zh-CN.json, cases.en.json, … so that
// areas of the client can grow their strings without editing one shared file. Merged deeply here.
// Areas excluded from the glob below are not bundled at start: the lazy page or face that needs them
// registers its own strings (addAreaStrings): account.* with the 账号安全 page, console.* and
// supervision.* with the console and handler faces (staffAreas.ts), so a phone opening the field app
// does not download them.
const files = import.meta.glob<Tree>(['./*.json', '!./account.*.json', '!./console.*.json', '!./supervision.*.json'], { eager: true, import: 'default' });

function deepMerge(into: Tree, from: Tree): Tree {
  for (const [key, value] of Object.entries(from)) {
    const existing = into[key];
    if (typeof value === 'object' && typeof existing === 'object') deepMerge(existing, value);
    else into[key] = typeof value === 'object' ? deepMerge({}, value) : value;
  }
  return into;
}

function bundle(lang: 'zh-CN' | 'en'): Tree {
  const out: Tree = {};
  for (const [file, tree] of Object.entries(files)) if (file.endsWith(`.${lang}.json`)) deepMerge(out, tree);
  return out;
}

const zhCN = bundle('zh-CN');
const en = bundle('en');

export type Lang = 'zh-CN' | 'en';
const STORAGE_KEY = 'wangge.lang';

/** The saved language, else Chinese (the default for every face). */
export function initialLang(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
  lng: initialLang(),
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false },
  returnNull: false,
});
document.documentElement.lang = i18n.language;

/** Register the strings of a lazily loaded area (e.g. account.zh-CN.json / account.en.json) when its page loads. */
export function addAreaStrings(strings: { 'zh-CN': Tree; en: Tree }): void {
  i18n.addResourceBundle('zh-CN', 'translation', strings['zh-CN'], true, false);
  i18n.addResourceBundle('en', 'translation', strings.en, true, false);
}

/** Switch language and remember the choice on this device. */
export function setLang(lang: Lang): void {
  void i18n.changeLanguage(lang);
  document.documentElement.lang = lang;
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // private mode: the switch still works for this visit
  }
}

export default i18n;
