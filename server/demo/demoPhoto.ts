import { deflateSync } from 'node:zlib';

/**
 * A small generated PNG that stands in for a site photo in the demo (a re-inspection that passes needs
 * one). Drawn from the seed, never downloaded: a sky-to-ground gradient with a grey block "building".
 */
export function demoPhotoPng(seed: number, width = 160, height = 120): Buffer {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  const shift = seed % 40;
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    raw[row] = 0; // filter: none
    for (let x = 0; x < width; x++) {
      const o = row + 1 + x * 3;
      const building = x > 40 + shift && x < 110 + shift && y > 30 && y < 95;
      const window = building && (x - shift) % 12 < 5 && y % 14 < 6;
      const [r, g, b] = window ? [220, 200, 120] : building ? [150, 150, 155] : y < 95 ? [120 + y, 170 + y / 2, 230] : [90, 120, 70];
      raw[o] = r;
      raw[o + 1] = g;
      raw[o + 2] = b;
    }
  }
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body) >>> 0);
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type: RGB
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

function crc32(buf: Buffer): number {
  let c = ~0;
  for (const byte of buf) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c;
}
