import { addAreaStrings } from './index.ts';
import consoleZh from './console.zh-CN.json';
import consoleEn from './console.en.json';
import supervisionZh from './supervision.zh-CN.json';
import supervisionEn from './supervision.en.json';

// The command console's and supervision's strings (the largest areas) are used only by the staff faces
// that sit behind a desk — the console and the department handler's inbox — so they load with those faces
// instead of with every phone's first page (index.ts leaves them out of the start-up bundle).
addAreaStrings({ 'zh-CN': consoleZh, en: consoleEn });
addAreaStrings({ 'zh-CN': supervisionZh, en: supervisionEn });
