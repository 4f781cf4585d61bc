import { scrubPersonalData } from './scrub.ts';

/**
 * Coarsening of where a public report happened, so a published report shows the place of a problem
 * (the street corner, the block) and not the door of the person who reported it.
 */

/**
 * Grid step of published coordinates in degrees: 0.001° is 111 m north–south and about 94 m east–west
 * at Nanjing's latitude (32°N), so a published point is the centre of a ≈100 m cell and at most ≈75 m
 * from the true one. Every point in the same cell publishes identically.
 */
export const PUBLIC_GRID_DEGREES = 0.001;

/** Snap a WGS84 point to the centre of its PUBLIC_GRID_DEGREES cell (3 decimals, so no float noise). */
export function coarsenLocation(lat: number, lng: number): { lat: number; lng: number } {
  const snap = (v: number) => Number(((Math.floor(v / PUBLIC_GRID_DEGREES) + 0.5) * PUBLIC_GRID_DEGREES).toFixed(4));
  return { lat: snap(lat), lng: snap(lng) };
}

// Where an address gets finer than a building on a street: 3栋, 5号楼, 2单元, 12层, 501室, 1102房, 3-2-501,
// and a street number followed by more digits (18号1102房, 18号-1102, 18号 1102, 18号之1102): the flat comes after 号;
// the flat number may be in Chinese numerals (十八号一一零二室).
const BUILDING_DETAIL =
  /[0-9０-９A-Za-zＡ-Ｚａ-ｚ〇零一二三四五六七八九十两]+\s*(?:栋|幢|座|号楼|单元|层|楼|室|房|户)|(?<=号)\s*[-－#＃之]?\s*[0-9０-９A-Za-z]|[0-9０-９]+\s*[-－]\s*[0-9０-９]+(?:\s*[-－]\s*[0-9０-９]+)?/;

/**
 * An address as it may be published: personal data scrubbed, and everything from the building, unit,
 * floor or flat onwards cut off (南京市玄武区中山路18号3栋2单元501室 → 南京市玄武区中山路18号).
 * null when nothing coarser than a flat is left.
 */
export function coarsenAddress(address: string | null): string | null {
  if (!address) return null;
  const scrubbed = scrubPersonalData(address);
  const m = BUILDING_DETAIL.exec(scrubbed);
  const kept = (m ? scrubbed.slice(0, m.index) : scrubbed).replace(/[\s,，、;；:：(（…-]+$/u, '').trim();
  return kept === '' ? null : kept;
}
