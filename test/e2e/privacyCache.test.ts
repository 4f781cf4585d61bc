import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { login, openPage, PHONE, useE2eEnvironment } from './harness.ts';

// Issue #12, finding 11: the service worker kept unmasked case details (and kept them after logout).
// Now it never stores an answer marked no-store (every unmasked personal-data read), and its read cache
// is empty once the person has logged out.

const GRID = '320102003001001'; // 香铺营第1网格: worker.demo's and leader.demo's grid

/** The URL paths of the API reads the service worker holds right now. */
async function cachedApiPaths(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const names = await caches.keys();
    const paths: string[] = [];
    for (const name of names) {
      const cache = await caches.open(name);
      for (const req of await cache.keys()) {
        const p = new URL(req.url).pathname;
        if (p.startsWith('/api/')) paths.push(p);
      }
    }
    return paths;
  });
}

async function reportWithPersonalData(page: Page, url: string): Promise<string> {
  const node = (await (await page.request.get(`${url}/api/territory/nodes/${GRID}`)).json()) as { bbox: { minLat: number; maxLat: number; minLng: number; maxLng: number } };
  const point = { lat: (node.bbox.minLat + node.bbox.maxLat) / 2, lng: (node.bbox.minLng + node.bbox.maxLng) / 2 };
  const res = await page.request.post(`${url}/api/cases`, {
    headers: { 'idempotency-key': randomUUID() },
    data: { categoryCode: '0101', description: '缓存测试：门口垃圾', location: point, source: 'hotline', reporterName: '张三丰', reporterPhone: '13912345678' },
  });
  assert.equal(res.status(), 201, await res.text());
  return ((await res.json()) as { case: { id: string } }).case.id;
}

describe('service worker never keeps personal data (e2e)', { timeout: 300_000 }, () => {
  const env = useE2eEnvironment();

  test('a grid leader’s unmasked case detail is never cached; after logout no /api/cases read is left', async () => {
    const { page, context, errors } = await openPage(env.browser, PHONE);
    await login(page, env.server.url, 'leader.demo');
    await page.getByRole('heading', { name: '我的网格' }).waitFor();
    await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, null, { timeout: 30_000 });
    const caseId = await reportWithPersonalData(page, env.server.url);

    // Read it through the page (so through the service worker), as the field app does.
    const seen = await page.evaluate(async (id) => {
      const r = await fetch(`/api/cases/${id}`, { headers: { accept: 'application/json' } });
      return { status: r.status, reporterPhone: ((await r.json()) as { case: { reporterPhone: string } }).case.reporterPhone };
    }, caseId);
    assert.deepEqual(seen, { status: 200, reporterPhone: '13912345678' }, 'the grid leader reads the phone unmasked');
    await page.evaluate(() => fetch('/api/cases', { headers: { accept: 'application/json' } }).then((r) => r.text()));
    // Let the worker finish any cache write it started.
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    const whileIn = await cachedApiPaths(page);
    assert.ok(!whileIn.includes(`/api/cases/${caseId}`), `an unmasked case detail is never cached (cached: ${whileIn.join(', ')})`);

    // Log out through the app (我的 → 退出登录).
    await page.getByRole('button', { name: '我的', exact: true }).click();
    await page.getByRole('button', { name: /退出登录/ }).click();
    await page.getByRole('textbox', { name: '用户名' }).waitFor();
    await page.waitForFunction(async () => {
      for (const name of await caches.keys()) {
        const cache = await caches.open(name);
        if ((await cache.keys()).some((r) => new URL(r.url).pathname.startsWith('/api/cases'))) return false;
      }
      return true;
    }, null, { timeout: 10_000 });
    assert.deepEqual((await cachedApiPaths(page)).filter((p) => p.startsWith('/api/cases')), [], 'no /api/cases read survives logout');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('a grid worker’s masked reads may be cached while logged in, and are gone after logout', async () => {
    const { page, context, errors } = await openPage(env.browser, PHONE);
    await login(page, env.server.url, 'worker.demo');
    await page.getByRole('heading', { name: '我的网格' }).waitFor();
    await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, null, { timeout: 30_000 });
    const caseId = await reportWithPersonalData(page, env.server.url);
    const masked = await page.evaluate(async (id) => {
      const r = await fetch(`/api/cases/${id}`, { headers: { accept: 'application/json' } });
      return ((await r.json()) as { case: { reporterPhone: string; reporterName: string } }).case;
    }, caseId);
    assert.equal(masked.reporterPhone, '139****5678');
    assert.equal(masked.reporterName, '张**');
    await page.waitForFunction(async (id) => (await caches.match(`/api/cases/${id}`, { cacheName: 'wangge-api-v1' })) !== undefined, caseId, { timeout: 10_000 });

    await page.getByRole('button', { name: '我的', exact: true }).click();
    await page.getByRole('button', { name: /退出登录/ }).click();
    await page.getByRole('textbox', { name: '用户名' }).waitFor();
    await page.waitForFunction(async () => !(await caches.keys()).includes('wangge-api-v1') || (await (await caches.open('wangge-api-v1')).keys()).length === 0, null, { timeout: 10_000 });
    assert.deepEqual((await cachedApiPaths(page)).filter((p) => p.startsWith('/api/cases')), []);
    assert.deepEqual(errors, []);
    await context.close();
  });
});
