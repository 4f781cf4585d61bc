import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD, login, openPage, PHONE, ROOT, screenshot, useE2eEnvironment } from './harness.ts';

// The field app offline: two reports (one with a photo) and one action are queued while offline,
// the page is reloaded offline (the service worker serves the app shell and cached reads), and
// back online exactly those three commands reach the server, once each. Then the public portal.

const GRID = '320102003001001'; // 香铺营第1网格, worker.demo's grid
const PHOTO = path.join(ROOT, 'web', 'public', 'icons', 'icon-192.png');

/** Errors Chromium logs for requests made while the network is switched off — expected here, nothing else is. */
const offlineNoise = (e: string) => /Failed to load resource: net::ERR_INTERNET_DISCONNECTED/.test(e) || /net::ERR_INTERNET_DISCONNECTED/.test(e);

async function gridPoint(page: Page, url: string): Promise<{ lat: number; lng: number }> {
  const node = (await (await page.request.get(`${url}/api/territory/nodes/${GRID}`)).json()) as { bbox: { minLat: number; maxLat: number; minLng: number; maxLng: number } };
  return { lat: (node.bbox.minLat + node.bbox.maxLat) / 2, lng: (node.bbox.minLng + node.bbox.maxLng) / 2 };
}

async function chooseCategory(page: Page, search: string, option: RegExp) {
  await page.getByRole('combobox', { name: '问题类别' }).click();
  await page.keyboard.type(search);
  await page.locator('.ant-select-item-option', { hasText: option }).first().click();
}

describe('offline field app and public portal (e2e)', { timeout: 300_000 }, () => {
  const env = useE2eEnvironment();

  test('offline: two reports and one action survive a reload and arrive exactly once each', async () => {
    const { page, context, errors } = await openPage(env.browser, { ...PHONE, permissions: ['geolocation'] });
    await login(page, env.server.url, 'worker.demo');
    await page.getByRole('heading', { name: '我的网格' }).waitFor();
    const point = await gridPoint(page, env.server.url);
    await context.setGeolocation({ latitude: point.lat, longitude: point.lng, accuracy: 12 });

    // The third case exists before going offline (reported through the API by the same worker).
    const created = await page.request.post(`${env.server.url}/api/cases`, {
      headers: { 'idempotency-key': randomUUID() },
      data: { categoryCode: '0101', description: '离线测试：第三件（先上报，离线时自行处置）', location: point },
    });
    assert.equal(created.status(), 201, await created.text());
    const third = ((await created.json()) as { case: { id: string; caseNo: string; version: number } }).case;

    // The service worker controls the page (first load registers it; it claims the page on activation).
    await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, null, { timeout: 30_000 });
    // Reload once under the service worker so its read cache holds /api/me (the first load's reads may
    // have run before it took control); otherwise the offline reload below has no person to show.
    await page.reload();
    await page.getByRole('heading', { name: '我的网格' }).waitFor();
    // Open, online, what the worker will need offline: the report form (categories) and the case.
    await page.getByRole('button', { name: '任务', exact: true }).click();
    await page.locator('.ant-segmented-item', { hasText: '待处置' }).click();
    await page.getByText('离线测试：第三件').first().waitFor();
    await screenshot(page, 'field-tasks');
    await page.getByText('离线测试：第三件').first().click();
    await page.getByRole('button', { name: '自行处置' }).waitFor();
    await page.getByRole('button', { name: '上报', exact: true }).click();
    await page.getByRole('combobox', { name: '问题类别' }).waitFor();
    await page.getByText(/GPS：/).waitFor();

    await context.setOffline(true);
    await page.getByRole('button', { name: /保存，联网后发送/ }).waitFor();

    // Report 1, with a photo from the "camera".
    await chooseCategory(page, '垃圾', /暴露垃圾/);
    await page.getByRole('textbox', { name: '问题描述' }).fill('离线测试：第一件，路口垃圾堆放（带照片）');
    await page.getByTestId('photo-input').setInputFiles(PHOTO);
    await page.locator('.field-photo img').waitFor();
    await screenshot(page, 'field-report-form');
    await page.getByRole('button', { name: /保存，联网后发送/ }).click();
    await page.getByText('已保存到待同步，联网后自动发送').first().waitFor();

    // Report 2, picked from 最近使用 this time.
    await page.locator('.field-recents .ant-tag-checkable', { hasText: '暴露垃圾' }).click();
    await page.getByRole('textbox', { name: '问题描述' }).fill('离线测试：第二件，井盖旁垃圾');
    await page.getByRole('button', { name: /保存，联网后发送/ }).click();
    await page.locator('.sync-item[data-state="queued"]').nth(1).waitFor();

    // The action on the third case, from its (cached) detail page.
    await page.getByRole('button', { name: '任务', exact: true }).click();
    await page.locator('.ant-segmented-item', { hasText: '待处置' }).click();
    await page.getByText('离线测试：第三件').first().click();
    await page.getByRole('button', { name: '自行处置' }).click();
    await page.getByRole('textbox', { name: '说明' }).fill('已现场清理');
    await page.getByRole('button', { name: /^确\s*认$/ }).click();
    await page.getByText('已保存，联网后自动提交').first().waitFor();

    await page.getByRole('button', { name: '同步状态' }).click();
    await page.locator('.sync-item[data-state="queued"]').nth(2).waitFor();
    assert.equal(await page.locator('.sync-item').count(), 3);
    await screenshot(page, 'field-outbox-queued');
    const commandIds = await page.locator('.sync-item').evaluateAll((els) => els.map((e) => e.getAttribute('data-command')!));

    // Reload while offline: the app shell comes from the service worker, the queue from IndexedDB.
    const reloaded = await page.reload();
    assert.ok(reloaded?.fromServiceWorker(), 'the offline reload was answered by the service worker');
    await page.getByRole('heading', { name: '同步状态' }).waitFor();
    await page.locator('.sync-item[data-state="queued"]').nth(2).waitFor();
    assert.equal(await page.locator('.sync-item').count(), 3, 'nothing lost over the reload');
    await page.getByText('离线').first().waitFor();

    await context.setOffline(false);
    await page.locator('.sync-item[data-state="done"]').nth(2).waitFor({ timeout: 60_000 });
    assert.equal(await page.locator('.sync-item', { hasText: '已同步' }).count(), 3);
    await page.getByText('已同步').first().waitFor();
    await screenshot(page, 'field-outbox-synced');

    // Exactly those three arrived, once each.
    const list = (await (await page.request.get(`${env.server.url}/api/cases?limit=200`)).json()) as { cases: { id: string; description: string; state: string; version: number }[] };
    const first = list.cases.filter((c) => c.description === '离线测试：第一件，路口垃圾堆放（带照片）');
    const second = list.cases.filter((c) => c.description === '离线测试：第二件，井盖旁垃圾');
    assert.equal(first.length, 1, 'first report created once');
    assert.equal(second.length, 1, 'second report created once');
    const detail1 = (await (await page.request.get(`${env.server.url}/api/cases/${first[0]!.id}`)).json()) as { timeline: { photos: string[] }[] };
    assert.equal(detail1.timeline.flatMap((e) => e.photos).length, 1, 'the photo is attached to the first report');
    const detail3 = (await (await page.request.get(`${env.server.url}/api/cases/${third.id}`)).json()) as { case: { state: string; version: number }; timeline: { action: string; note: string | null }[] };
    assert.equal(detail3.case.state, 'handled');
    assert.equal(detail3.timeline.filter((e) => e.action === 'self_resolve').length, 1, 'the action applied once');
    assert.equal(detail3.case.version, third.version + 1);

    const db = new Database(path.join(env.server.dataDir, 'wangge.sqlite'), { readonly: true, fileMustExist: true });
    try {
      const rows = db.prepare(`SELECT key, count(*) AS n FROM idempotency_keys WHERE key IN (${commandIds.map(() => '?').join(',')}) GROUP BY key`).all(...commandIds) as { key: string; n: number }[];
      assert.equal(rows.length, 3, 'each command id was used as an Idempotency-Key');
      assert.ok(rows.every((r) => r.n === 1), 'no key recorded twice');
      const cases = db.prepare(`SELECT count(*) AS n FROM cases WHERE description LIKE '离线测试：%'`).get() as { n: number };
      assert.equal(cases.n, 3, 'three test cases in the database, no duplicates');
    } finally {
      db.close();
    }
    assert.ok(fs.existsSync(path.join(ROOT, 'artifacts', 'e2e', 'field-outbox-synced.png')));
    assert.deepEqual(errors.filter((e) => !offlineNoise(e)), []);
    await context.close();
  });

  test('public portal: an anonymous concern gets a tracking code that finds its status', async () => {
    const { page, context, errors } = await openPage(env.browser, { ...PHONE, permissions: ['geolocation'] });
    const point = { lat: 0, lng: 0 };
    {
      const r = await page.request.post(`${env.server.url}/api/auth/login`, { data: { username: 'worker.demo', password: DEMO_PASSWORD } });
      assert.equal(r.status(), 200);
      Object.assign(point, await gridPoint(page, env.server.url));
      await page.request.post(`${env.server.url}/api/auth/logout`, { data: {} });
    }
    await context.setGeolocation({ latitude: point.lat, longitude: point.lng });
    await page.goto(`${env.server.url}/public/report`);
    await chooseCategory(page, '路灯', /路灯不亮/);
    await page.getByRole('textbox', { name: '问题描述' }).fill('小区门口路灯连续三晚不亮');
    await page.getByRole('button', { name: '使用我的位置' }).click();
    await page.getByText(/已选位置：/).waitFor();
    await page.getByTestId('public-photo-input').setInputFiles(PHOTO);
    await screenshot(page, 'public-report');
    await page.getByRole('button', { name: /^提\s*交$/ }).click();
    const codeBox = page.getByTestId('tracking-code');
    await codeBox.waitFor();
    const code = (await codeBox.textContent())!.trim();
    assert.match(code, /^[0-9A-Za-z]{6,20}$/);
    await screenshot(page, 'public-report-done');

    await page.getByRole('button', { name: '查询进度' }).click();
    await page.getByText('已上报').first().waitFor();
    await page.getByText(code).first().waitFor();
    await screenshot(page, 'public-track');
    // No personal data in the public view.
    const status = (await (await page.request.get(`${env.server.url}/api/public/cases/${code}`)).json()) as Record<string, unknown>;
    assert.equal(status['state'], 'reported');
    assert.ok(!('reporterPhone' in status) && !('reporterName' in status));
    assert.deepEqual(errors, []);
    await context.close();
  });
});
