import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { coarsenAddress, coarsenLocation } from './coarsen.ts';

describe('coarsenLocation / coarsenAddress (shared/privacy/coarsen.ts)', () => {
  test('a point is published as the centre of its 0.001° cell', () => {
    // 32.04567 lies in [32.045, 32.046) → centre 32.0455; 118.78912 in [118.789, 118.790) → 118.7895.
    assert.deepEqual(coarsenLocation(32.04567, 118.78912), { lat: 32.0455, lng: 118.7895 });
    // Two points ~30 m apart in the same cell publish identically.
    assert.deepEqual(coarsenLocation(32.04501, 118.78999), coarsenLocation(32.04599, 118.78901));
  });

  test('addresses lose the building, unit and flat, and any personal data', () => {
    assert.equal(coarsenAddress('南京市玄武区中山路18号3栋2单元501室'), '南京市玄武区中山路18号');
    assert.equal(coarsenAddress('香铺营小区5号楼'), '香铺营小区');
    assert.equal(coarsenAddress('珠江路与太平北路交叉口'), '珠江路与太平北路交叉口');
    assert.equal(coarsenAddress('龙蟠里小区 12-3-402'), '龙蟠里小区');
    assert.equal(coarsenAddress('王先生家门口，电话13812345678'), '某先生家门口，电话[电话]');
    assert.equal(coarsenAddress('501室'), null);
    assert.equal(coarsenAddress(null), null);
  });

  test('probe (issue #12): a flat number right after the street number is cut too', () => {
    assert.equal(coarsenAddress('南京市玄武区中山路18号1102房'), '南京市玄武区中山路18号');
    assert.equal(coarsenAddress('南京市玄武区中山路18号1102室'), '南京市玄武区中山路18号');
    assert.equal(coarsenAddress('中山路18号1102'), '中山路18号');
    assert.equal(coarsenAddress('中山路18号-1102'), '中山路18号');
    assert.equal(coarsenAddress('中山路18号 3幢1单元5层502户'), '中山路18号');
    assert.equal(coarsenAddress('鼓楼区湖南路1号A座12楼'), '鼓楼区湖南路1号');
    assert.equal(coarsenAddress('中山路18号'), '中山路18号', 'a street number alone stays');
  });

  test('probe 2 (issue #12): a flat in Chinese numerals or after 之 is cut', () => {
    assert.equal(coarsenAddress('中山路十八号一一零二室'), '中山路十八号');
    assert.equal(coarsenAddress('中山路18号之1102'), '中山路18号');
    assert.equal(coarsenAddress('玄武区中山路十八号'), '玄武区中山路十八号', 'a street number in numerals alone stays');
  });
});
