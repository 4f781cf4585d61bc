import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { request as pwRequest, type APIRequestContext, type Page } from 'playwright-core';
import { DEMO_PASSWORD, DESKTOP, login, openPage, PHONE, screenshot, useE2eEnvironment } from './harness.ts';

// 今日巡逻 end to end: an admin sets up two key sites in worker.demo's grid and a plan for today
// (through the API); the worker on a phone sees the route, goes offline, checks in at both sites by
// GPS (arrival and departure), reloads offline, comes back online → every check-in arrives exactly
// once; the console's compliance view shows the visits.

const GRID = '320102003001001'; // 香铺营第1网格, worker.demo's grid

/** Errors Chromium logs for requests made while the network is switched off — expected here, nothing else is. */
const offlineNoise = (e: string) => /net::ERR_INTERNET_DISCONNECTED/.test(e);

type Point = { lat: number; lng: number };

/** Two points inside the grid, found through the public locate API from candidates around the bbox centre. */
async function pointsInGrid(api: APIRequestContext, url: string): Promise<[Point, Point]> {
  const node = (await (await api.get(`${url}/api/territory/nodes/${GRID}`)).json()) as { bbox: { minLat: number; maxLat: number; minLng: number; maxLng: number } };
  const { minLat, maxLat, minLng, maxLng } = node.bbox;
  const found: Point[] = [];
  for (const [fy, fx] of [[0.5, 0.5], [0.35, 0.35], [0.65, 0.65], [0.35, 0.65], [0.65, 0.35], [0.5, 0.25], [0.5, 0.75], [0.25, 0.5], [0.75, 0.5]] as const) {
    const p = { lat: minLat + (maxLat - minLat) * fy, lng: minLng + (maxLng - minLng) * fx };
    const res = await api.get(`${url}/api/territory/locate?lat=${p.lat}&lng=${p.lng}`);
    if (res.ok() && ((await res.json()) as { grid: { code: string } }).grid.code === GRID) found.push(p);
    if (found.length === 2) return [found[0]!, found[1]!];
  }
  throw new Error('could not find two points inside the demo grid');
}

describe('patrols: today’s route, offline GPS check-ins, compliance (e2e)', { timeout: 300_000 }, () => {
  const env = useE2eEnvironment();
  let admin: APIRequestContext;
  const sites: { id: string; name: string; point: Point }[] = [];

  before(async () => {
    admin = await pwRequest.newContext({ baseURL: env.server.url });
    const signedIn = await admin.post('/api/auth/login', { data: { username: 'admin', password: DEMO_PASSWORD } });
    assert.equal(signedIn.status(), 200, await signedIn.text());
  });
  after(async () => {
    await admin?.dispose();
  });

  test('setup through the API: two key sites in the worker’s grid and a plan for today', async () => {
    const points = await pointsInGrid(admin, env.server.url);
    // One visit a day in a window from ten minutes ago (China time, not before midnight) to midnight: the
    // plan's 3-hour shift below then meets exactly one slot per site even late in the evening (a
    // 00:00–24:00 window gave a second slot after midnight and the counts below doubled from 21:00 China time).
    const china = new Date(Date.now() + 8 * 3600_000 - 10 * 60_000);
    const chinaToday = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const windowStart = china.toISOString().slice(0, 10) === chinaToday ? china.toISOString().slice(11, 16) : '00:00';
    for (const [i, point] of points.entries()) {
      const name = i === 0 ? '香铺营小学南门' : '香铺营农贸市场';
      const res = await admin.post('/api/patrols/sites', {
        headers: { 'idempotency-key': randomUUID() },
        // At least 1 minute on site: the test checks in and out within a minute.
        data: { name, category: i === 0 ? 'school' : 'crowded_place', riskLevel: 3, location: point, radiusMeters: 60, dosage: [{ start: windowStart, end: '24:00', everyMinutes: 1440, dwellMinMinutes: 1, dwellMaxMinutes: 16 }] },
      });
      assert.equal(res.status(), 201, await res.text());
      const site = ((await res.json()) as { site: { id: string; gridCode: string } }).site;
      assert.equal(site.gridCode, GRID);
      sites.push({ id: site.id, name, point });
    }
    const people = (await (await admin.get(`/api/people?scope=${GRID}&role=grid_worker&limit=50`)).json()) as { items: { id: string; username: string }[] };
    const worker = people.items.find((p) => p.username === 'worker.demo');
    assert.ok(worker, 'worker.demo is a grid worker of the demo grid');
    const now = Date.now();
    const plan = await admin.post('/api/patrols/plans', {
      headers: { 'idempotency-key': randomUUID() },
      data: { scopeCode: GRID, shiftStart: new Date(now - 5 * 60_000).toISOString(), shiftEnd: new Date(now + 3 * 3600_000).toISOString(), workerIds: [worker.id], seed: 11 },
    });
    assert.equal(plan.status(), 201, await plan.text());
    const report = ((await plan.json()) as { plan: { report: { requiredVisits: number; plannedVisits: number } } }).plan.report;
    assert.equal(report.requiredVisits, 2);
    assert.equal(report.plannedVisits, 2, 'both sites are on the worker’s route');
  });

  test('the worker checks in at two sites by GPS offline, reloads offline, and every check-in syncs once', async () => {
    assert.equal(sites.length, 2, 'setup ran');
    const { page, context, errors } = await openPage(env.browser, { ...PHONE, permissions: ['geolocation'] });
    await context.setGeolocation({ latitude: sites[0]!.point.lat, longitude: sites[0]!.point.lng, accuracy: 8 });
    await login(page, env.server.url, 'worker.demo');
    await page.getByRole('heading', { name: '我的网格' }).waitFor();
    await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, null, { timeout: 30_000 });
    // Open the app once more under the service worker (as a worker does daily), so its read cache holds
    // /api/me: the first load's reads may run before the worker took control.
    await page.reload();
    await page.getByRole('heading', { name: '我的网格' }).waitFor();
    await page.getByRole('button', { name: '今日巡逻', exact: true }).click();
    await page.getByRole('heading', { name: '今日巡逻' }).waitFor();
    const cards = page.getByTestId('patrol-visit');
    await cards.nth(1).waitFor();
    assert.equal(await cards.count(), 2);
    for (const s of sites) await page.locator(`[data-site="${s.id}"]`, { hasText: s.name }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), true, 'no sideways scrolling');
    await screenshot(page, 'field-patrol-route');

    await context.setOffline(true);
    await page.getByText('离线').first().waitFor();
    const visit = (s: (typeof sites)[number]) => page.locator(`[data-site="${s.id}"]`);
    for (const s of sites) {
      await context.setGeolocation({ latitude: s.point.lat, longitude: s.point.lng, accuracy: 8 });
      await visit(s).getByRole('button', { name: /到达打卡/ }).click();
      await visit(s).locator('li[data-kind="arrive"] .sync-queued').waitFor();
      await visit(s).getByRole('button', { name: /离开打卡/ }).click();
      await visit(s).locator('li[data-kind="depart"] .sync-queued').waitFor();
      await visit(s).getByText('已巡').waitFor();
    }
    await screenshot(page, 'field-patrol-queued');

    // Reload offline: the shell from the service worker, the route from the phone, the queue from IndexedDB.
    const reloaded = await page.reload();
    assert.ok(reloaded?.fromServiceWorker(), 'the offline reload was answered by the service worker');
    await page.getByRole('heading', { name: '今日巡逻' }).waitFor();
    await page.locator('.patrol-marks .sync-queued').nth(3).waitFor();
    assert.equal(await page.locator('.patrol-marks li').count(), 4, 'nothing lost over the reload');
    await page.getByText('当前离线，显示的是上次同步的路线').waitFor();
    const nonces = await page.evaluate(async () => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const r = indexedDB.open('wangge-field');
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
      const all = await new Promise<{ kind: string; payload: { body: { clientNonce: string } } }[]>((resolve, reject) => {
        const r = db.transaction('commands').objectStore('commands').getAll();
        r.onsuccess = () => resolve(r.result as never);
        r.onerror = () => reject(r.error);
      });
      return all.filter((c) => c.kind === 'patrol.checkin').map((c) => c.payload.body.clientNonce);
    });
    assert.equal(nonces.length, 4);

    await context.setOffline(false);
    await page.locator('.patrol-marks .sync-done').nth(3).waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: '同步状态' }).filter({ hasText: '已同步' }).waitFor({ timeout: 30_000 });
    assert.equal(await page.locator('.patrol-marks li').count(), 4, 'each check-in shown once after the sync');
    await screenshot(page, 'field-patrol-synced');
    // The sync list names each check-in: what, where and when (not a bare "· ").
    await page.getByRole('button', { name: '同步状态' }).click();
    await page.locator('.sync-item').nth(3).waitFor();
    const titles = await page.locator('.sync-item strong').allTextContents();
    assert.equal(titles.length, 4);
    for (const s of sites) {
      for (const what of ['到达', '离开']) assert.ok(titles.some((x) => new RegExp(`^\\d\\d:\\d\\d ${what}「${s.name}」$`).test(x)), `${what} ${s.name} in ${JSON.stringify(titles)}`);
    }
    assert.equal(await page.locator('.sync-item', { hasText: '巡逻打卡 · 定位打卡' }).count(), 4);
    await screenshot(page, 'field-patrol-sync-list');

    const db = new Database(path.join(env.server.dataDir, 'wangge.sqlite'), { readonly: true, fileMustExist: true });
    try {
      const rows = db.prepare(`SELECT client_nonce, site_id, kind FROM patrol_checkins WHERE client_nonce IN (${nonces.map(() => '?').join(',')})`).all(...nonces) as { client_nonce: string; site_id: string; kind: string }[];
      assert.equal(rows.length, 4, 'every queued check-in stored exactly once');
      for (const s of sites) assert.deepEqual(rows.filter((r) => r.site_id === s.id).map((r) => r.kind).sort(), ['arrive', 'depart']);
      assert.equal((db.prepare('SELECT count(*) AS n FROM patrol_checkins').get() as { n: number }).n, 4, 'no duplicates');
    } finally {
      db.close();
    }
    assert.deepEqual(errors.filter((e) => !offlineNoise(e)), []);
    await context.close();
  });

  test('the console shows the visits in the compliance view and the sites on the map', async () => {
    const compliance = (await (await admin.get(`/api/patrols/compliance?scope=${GRID}`)).json()) as { sites: { siteId: string; visits: number; slotsMet: number }[] };
    for (const s of sites) assert.equal(compliance.sites.find((x) => x.siteId === s.id)?.visits, 1, `${s.name}: one visit`);

    const { page, context, errors } = await openPage(env.browser, DESKTOP);
    await login(page, env.server.url, 'admin');
    await page.waitForURL(/\/(admin|console)/);
    await page.goto(`${env.server.url}/console/patrols`);
    await page.getByRole('heading', { name: '巡逻防控' }).waitFor();
    await page.getByRole('tab', { name: '部位地图' }).waitFor();
    await page.locator('.leaflet-container').waitFor();
    await page.waitForTimeout(500); // let Leaflet fit the grids before the picture
    await screenshot(page, 'console-patrol-map');
    await page.getByRole('tab', { name: '达标情况' }).click();
    const table = page.locator('.patrol-compliance');
    for (const s of sites) {
      const row = table.locator('tr', { hasText: s.name });
      await row.waitFor();
      // 巡逻次数 column: one visit each.
      assert.equal((await row.locator('td').nth(3).textContent())?.trim(), '1');
    }
    await page.getByText('巡逻人员').first().waitFor();
    await screenshot(page, 'console-patrol-compliance');
    await page.getByRole('tab', { name: '巡逻方案' }).click();
    await page.getByRole('button', { name: '生成方案' }).waitFor();
    await page.goto(`${env.server.url}/console/rosters`);
    await page.getByRole('heading', { name: '值班排班' }).waitFor();
    await page.getByText('当前在岗').waitFor();
    await screenshot(page, 'console-rosters');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('the console manages key sites: create on the map, redraw as a polygon, print the signed QR, deactivate; past plans show their report', async () => {
    assert.equal(sites.length, 2, 'setup ran');
    const { page, context, errors } = await openPage(env.browser, DESKTOP);
    await login(page, env.server.url, 'admin');
    await page.waitForURL(/\/(admin|console)/);
    await page.goto(`${env.server.url}/console/patrols?tab=sites`);
    const table = page.locator('.patrol-sites');
    for (const s of sites) await table.locator(`[data-site="${s.id}"]`).waitFor();

    // Create: type the position, then place it with a click on the map (the map centres on the typed point).
    await page.getByRole('button', { name: '新增重点部位' }).click();
    const editor = page.getByTestId('site-editor');
    await editor.waitFor();
    const name = '香铺营社区卫生服务站';
    await editor.getByLabel('名称').fill(name);
    const near = { lat: sites[0]!.point.lat + 0.0002, lng: sites[0]!.point.lng + 0.0002 };
    await editor.getByLabel('纬度, 经度（如 32.04, 118.79）').fill(`${near.lat.toFixed(6)}, ${near.lng.toFixed(6)}`);
    await editor.getByRole('button', { name: /^定\s*位$/ }).click();
    const map = editor.locator('.leaflet-container');
    const box = (await map.boundingBox())!;
    await page.waitForTimeout(300);
    await map.click({ position: { x: box.width / 2, y: box.height / 2 } });
    await editor.getByRole('button', { name: '按类别和风险填入推荐值' }).click();
    await screenshot(page, 'console-patrol-site-new');
    await page.getByRole('button', { name: /保\s*存/ }).click();
    await table.locator('tr', { hasText: name }).waitFor();
    const listed = (await (await admin.get(`/api/patrols/sites?scope=${GRID}`)).json()) as { sites: { id: string; name: string; gridCode: string; geofence: { type: string; lat?: number; lng?: number }; dosage: unknown[]; updatedAt: string }[] };
    const created = listed.sites.find((x) => x.name === name);
    assert.ok(created, 'the new site is stored');
    assert.equal(created.gridCode, GRID);
    assert.equal(created.geofence.type, 'circle');
    assert.ok(Math.abs(created.geofence.lat! - near.lat) < 0.0002 && Math.abs(created.geofence.lng! - near.lng) < 0.0002, `placed where clicked: ${JSON.stringify(created.geofence)}`);
    assert.ok(created.dosage.length >= 1);

    // Edit: redraw it as a polygon of four corners clicked around the point.
    await table.locator('tr', { hasText: name }).getByRole('button', { name: /编\s*辑/ }).click();
    await editor.waitFor();
    await editor.getByText('多边形范围').click();
    await page.waitForTimeout(300);
    const box2 = (await map.boundingBox())!;
    const [cx, cy] = [box2.width / 2, box2.height / 2];
    for (const [dx, dy] of [[-40, -30], [40, -30], [40, 30], [-40, 30]] as const) await map.click({ position: { x: cx + dx, y: cy + dy } });
    await editor.getByText('已点 4 个').waitFor();
    await screenshot(page, 'console-patrol-site-polygon');
    await page.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByText(`已保存「${name}」`).waitFor();
    await table.locator('tr', { hasText: name }).getByText('多边形（4 个顶点）').waitFor();
    const edited = ((await (await admin.get(`/api/patrols/sites?scope=${GRID}`)).json()) as typeof listed).sites.find((x) => x.id === created.id)!;
    assert.equal(edited.geofence.type, 'polygon');
    assert.equal(edited.gridCode, GRID);

    // Print the signed QR of the first site: the sheet shows the code and its validity; the code works for a check-in.
    await table.locator('tr', { hasText: sites[0]!.name }).getByRole('button', { name: '打印二维码' }).click();
    await page.waitForURL(/\/console\/patrols\/qr\//);
    const sheet = page.getByTestId('qr-sheet');
    await sheet.waitFor();
    await sheet.getByText(sites[0]!.name).waitFor();
    await sheet.getByText(/有效期：/).waitFor();
    const payload = (await page.getByTestId('qr-payload').textContent())!.trim();
    assert.match(payload, new RegExp(`^WGP1\\.${sites[0]!.id}\\.\\d{8}\\.7\\.[A-Za-z0-9_-]+$`));
    assert.ok(Number(await sheet.locator('svg.qr-code').getAttribute('data-modules')) >= 21, 'a QR symbol is drawn');
    await screenshot(page, 'console-patrol-qr');
    const workerApi = await pwRequest.newContext({ baseURL: env.server.url });
    try {
      assert.equal((await workerApi.post('/api/auth/login', { data: { username: 'worker.demo', password: DEMO_PASSWORD } })).status(), 200);
      const qrCheckin = await workerApi.post('/api/patrols/checkin', { data: { siteId: sites[0]!.id, kind: 'arrive', at: new Date().toISOString(), clientNonce: randomUUID(), qr: payload } });
      assert.equal(qrCheckin.status(), 201, await qrCheckin.text());
    } finally {
      await workerApi.dispose();
    }

    // Deactivate the new site: it stays listed (greyed) for managers, and leaves the active list.
    await page.goto(`${env.server.url}/console/patrols?tab=sites`);
    const row = table.locator('tr', { hasText: name });
    await row.getByRole('switch').click();
    await page.getByRole('button', { name: /确\s*定|OK/ }).click();
    await row.locator('[role="switch"][aria-checked="false"]').waitFor();
    await row.getByRole('button', { name: /编\s*辑/ }).and(page.locator('[disabled]')).waitFor(); // frozen while deactivated
    await page.locator('.ant-popconfirm').waitFor({ state: 'hidden' });
    const active = ((await (await admin.get(`/api/patrols/sites?scope=${GRID}`)).json()) as typeof listed).sites.map((x) => x.id);
    assert.ok(!active.includes(created.id), 'deactivated sites leave the active list');
    await screenshot(page, 'console-patrol-sites');

    // 巡逻方案: the setup's plan is listed; its quality report opens from the list.
    await page.getByRole('tab', { name: '巡逻方案' }).click();
    const history = page.locator('.patrol-plan-history');
    await history.locator('tr', { hasText: '2 / 2' }).waitFor();
    await history.getByRole('button', { name: '查看报告' }).first().click();
    const report = page.getByTestId('plan-report');
    await report.waitFor();
    await report.getByText('2 / 2').first().waitFor(); // 已排 / 应巡
    assert.ok((await report.locator('tbody tr').count()) >= 2, 'per-site and per-worker rows');
    await screenshot(page, 'console-patrol-plan-report');
    assert.deepEqual(errors, []);
    await context.close();
  });
});
