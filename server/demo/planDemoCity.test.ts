import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { communityName, gridName, planDemoCity, type DemoPlan } from './planDemoCity.ts';
import { createRng, personName, phoneNumber } from './random.ts';
import { loadNanjingSources } from './sources.ts';

function fingerprint(plan: DemoPlan): string {
  const h = createHash('sha256');
  for (const n of plan.nodes) h.update(`${n.code}|${n.nameZh}|${JSON.stringify(n.geometry)}|${n.households}|${n.residents}\n`);
  for (const p of plan.people) h.update(`${p.username}|${p.displayName}|${p.phone}|${p.role}|${p.scopeCode}|${p.departmentCode}\n`);
  return h.digest('hex');
}

describe('planDemoCity (pure)', () => {
  it('gives the same city for the same seed and a different one for another seed', () => {
    const a = planDemoCity(42);
    const b = planDemoCity(42);
    const c = planDemoCity(43);
    assert.equal(fingerprint(a), fingerprint(b));
    assert.notEqual(fingerprint(a), fingerprint(c));
  });

  it('uses the real 2023 Nanjing divisions: 11 districts and their real streets only (no 4xx development zones)', () => {
    const sources = loadNanjingSources();
    assert.deepEqual(
      sources.districts.map((d) => `${d.code}${d.name}`),
      ['320102玄武区', '320104秦淮区', '320105建邺区', '320106鼓楼区', '320111浦口区', '320113栖霞区', '320114雨花台区', '320115江宁区', '320116六合区', '320117溧水区', '320118高淳区'],
    );
    const streets = [...sources.streetsByDistrict.values()].flat();
    assert.ok(streets.some((s) => s.code === '320102003' && s.name === '新街口街道'));
    assert.ok(streets.every((s) => Number(s.code.slice(6)) < 400), 'development zones are not streets');
    assert.ok(streets.length >= 95 && streets.length <= 110, `streets: ${streets.length}`);
  });

  it('names communities and grids by the committee name', () => {
    assert.equal(communityName('梅园新村社区居委会'), '梅园新村社区');
    assert.equal(communityName('石湫村委会'), '石湫村');
    assert.equal(communityName('星河社区居民委员会'), '星河社区');
    assert.equal(gridName('梅园新村社区居委会', 3), '梅园新村第3网格');
    assert.equal(gridName('石湫村委会', 1), '石湫第1网格');
  });

  it('rejects a seed that is not a non-negative whole number', () => {
    assert.throws(() => planDemoCity(-1), /seed/);
    assert.throws(() => planDemoCity(1.5), /seed/);
  });

  it('generates believable names and 11-digit mobile numbers from the seed alone', () => {
    const r1 = createRng(7);
    const r2 = createRng(7);
    for (let i = 0; i < 50; i++) {
      const name = personName(r1);
      assert.equal(name, personName(r2));
      assert.match(name, /^\p{Script=Han}{2,3}$/u);
      const phone = phoneNumber(r1);
      assert.equal(phone, phoneNumber(r2));
      assert.match(phone, /^1[3-9]\d{9}$/);
    }
  });
});
