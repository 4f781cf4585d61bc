/**
 * Seeded randomness for the demo city. Everything the demo builds must be reproducible from its seed,
 * so nothing here touches Math.random or the clock.
 */
import { seededRandom } from '../../shared/random.ts';

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  /** A new array in seeded random order (Fisher–Yates). */
  shuffle<T>(items: readonly T[]): T[];
}

/** shared/random.ts's generator behind a demo-friendly API; `stream` separates independent uses of one seed. */
export function createRng(seed: number, stream = 0): Rng {
  const state = (Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(stream + 1, 0x85ebca6b)) >>> 0;
  const next = seededRandom(state);
  const rng: Rng = {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => {
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[Math.floor(next() * items.length)]!;
    },
    shuffle: (items) => {
      const out = items.slice();
      for (let i = out.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [out[i], out[j]] = [out[j]!, out[i]!];
      }
      return out;
    },
  };
  return rng;
}

// The most common surnames, repeated roughly by frequency so 王/李/张/刘/陈 dominate as they do in life.
const SURNAMES = [
  ...'王王王王李李李李张张张张刘刘刘陈陈陈杨杨黄黄赵赵吴吴周周徐徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严武戴孔汤殷葛',
];

// Given-name characters common across generations (建国/秀英 to 子涵/欣怡).
const GIVEN = [
  ...'伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红建文辉力鹏斌宇浩凯婷雪琳晨欣颖俊峰亮波宁海燕丹蕾晶彬梅志国荣慧佳思雨子涵博轩怡嘉晓春成东新兰云飞林青立德永祥瑞安泽琪悦诗睿晴',
];

/** A believable Chinese full name: surname + one or two given-name characters. */
export function personName(rng: Rng): string {
  const surname = rng.pick(SURNAMES);
  const first = rng.pick(GIVEN);
  if (rng.next() < 0.35) return surname + first;
  let second = rng.pick(GIVEN);
  if (second === first && rng.next() < 0.7) second = rng.pick(GIVEN);
  return surname + first + second;
}

// Mainland mobile prefixes (China Mobile / Unicom / Telecom ranges); the rest of the number is synthetic.
const MOBILE_PREFIXES = ['138', '139', '135', '136', '137', '150', '151', '152', '158', '159', '182', '187', '188', '130', '131', '132', '155', '156', '185', '186', '133', '153', '180', '189', '177', '199'];

/** A synthetic 11-digit mainland mobile number. */
export function phoneNumber(rng: Rng): string {
  let out = rng.pick(MOBILE_PREFIXES);
  for (let i = 0; i < 8; i++) out += String(rng.int(0, 9));
  return out;
}
