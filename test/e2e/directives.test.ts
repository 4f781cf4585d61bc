import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { login, openPage, PHONE, screenshot, useE2eEnvironment } from './harness.ts';

// Issue 5 end to end: a city-level directive issued in the console reaches a grid worker's phone, is
// signed while offline (kept over an offline reload), synced once when the connection returns, and the
// city roll-up shows the signature at every level down to the grid.

const GRID = '320102003001001'; // 香铺营第1网格, worker.demo's grid
const DISTRICT = '320102'; // 玄武区
const STREET = '320102003'; // 新街口街道
const COMMUNITY = '320102003001';

/** Errors Chromium logs for requests made while the network is switched off — expected here, nothing else is. */
const offlineNoise = (e: string) => /net::ERR_INTERNET_DISCONNECTED/.test(e);

interface RollupRow { code: string; reached: number; signed: number }
interface Rollup { children: RollupRow[]; people: { name: string; signedAt: string | null }[] | null }

async function rollupRow(page: Page, url: string, directiveId: string, unit: string, child: string): Promise<RollupRow> {
  const res = await page.request.get(`${url}/api/directives/${directiveId}/rollup?unit=${unit}`);
  assert.equal(res.status(), 200, await res.text());
  const row = ((await res.json()) as Rollup).children.find((c) => c.code === child);
  assert.ok(row, `roll-up at ${unit} has a row for ${child}`);
  return row;
}

/** The signed count shown in the console's roll-up table for one child unit. */
async function shownSigned(page: Page, code: string): Promise<number> {
  const cell = page.locator(`.rollup-table tr[data-unit="${code}"] td.rollup-signed`);
  await cell.waitFor();
  return Number((await cell.textContent())!.trim());
}

describe('directive reaches the grid, signed offline, rolled up (e2e)', { timeout: 300_000 }, () => {
  const env = useE2eEnvironment();

  test('city leader issues; worker signs offline; synced once; city roll-up shows it down to the grid', async () => {
    const title = `关于做好重大活动安保工作的通知 ${Date.now()}`;

    // 1. The city leader issues a city-level directive in the console.
    const leader = await openPage(env.browser);
    await login(leader.page, env.server.url, 'city.leader');
    await leader.page.getByRole('menuitem', { name: /通知指令/ }).click();
    await leader.page.getByRole('button', { name: /下发通知/ }).click();
    await leader.page.getByLabel('标题').fill(title);
    await leader.page.getByLabel('正文').fill('各区、各街道、各社区：请于今日内传达到每个网格，每位网格员签收，网格长反馈落实情况。');
    await leader.page.locator('.ant-radio-button-wrapper', { hasText: '紧急' }).click();
    await screenshot(leader.page, 'console-directive-issue');
    await leader.page.getByRole('button', { name: /^下\s*发$/ }).click();
    await leader.page.locator('.directive-title', { hasText: title }).waitFor();
    const directiveId = leader.page.url().split('/').pop()!;
    assert.match(directiveId, /^[0-9a-f-]{36}$/);
    const before = await shownSigned(leader.page, DISTRICT);
    const beforeApi = await rollupRow(leader.page, env.server.url, directiveId, '3201', DISTRICT);
    assert.equal(before, beforeApi.signed, 'the console shows the API roll-up');
    assert.ok(beforeApi.reached > 100, `玄武区 reached ${beforeApi.reached} people`);
    await screenshot(leader.page, 'console-directive-rollup-before');

    // 2. The grid worker's phone: the directive is in the inbox.
    const phone = await openPage(env.browser, PHONE);
    const { page, context } = phone;
    await login(page, env.server.url, 'worker.demo');
    await page.getByRole('heading', { name: '我的网格' }).waitFor();
    const me = (await (await page.request.get(`${env.server.url}/api/me`)).json()) as { displayName: string };
    await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, null, { timeout: 30_000 });
    // Open the app once more under the service worker (as a worker does daily), so its read cache holds
    // /api/me: the first load's reads may run before the worker took control, and an offline reload
    // would then have no person to show the inbox for.
    await page.reload();
    await page.getByRole('heading', { name: '我的网格' }).waitFor();
    await page.getByRole('button', { name: '通知', exact: true }).click();
    const item = page.locator('.notice-item', { hasText: title });
    await item.waitFor();
    await item.locator('.notice-unsigned').waitFor();
    await screenshot(page, 'field-notices');
    // Opened once online, so its text is there offline too.
    await item.click();
    await page.locator('.notice-detail-title', { hasText: title }).waitFor();
    await page.getByRole('button', { name: '← 返回通知' }).click();
    await item.waitFor();

    // 3. Offline: open it and sign.
    await context.setOffline(true);
    await page.getByText('当前离线，显示的是上次同步的数据').first().waitFor();
    await item.click();
    await page.getByRole('button', { name: /^签\s*收$/ }).click();
    await page.getByText('已签收，联网后自动同步').first().waitFor();
    await screenshot(page, 'field-notice-signed-offline');

    // 4. Reload while offline: the shell from the service worker, the notice from the local copy, the
    // signature from the outbox.
    const reloaded = await page.reload();
    assert.ok(reloaded?.fromServiceWorker(), 'the offline reload was answered by the service worker');
    await page.locator('.notice-detail-title', { hasText: title }).waitFor();
    await page.getByText('已签收，联网后自动同步').first().waitFor();
    await page.getByRole('button', { name: '← 返回通知' }).click();
    await page.locator('.notice-item', { hasText: title }).locator('.notice-pending').waitFor();
    await page.getByRole('button', { name: '同步状态' }).click();
    await page.locator('.sync-item[data-state="queued"]').first().waitFor();
    assert.equal(await page.locator('.sync-item').count(), 1, 'one command queued');
    const commandId = (await page.locator('.sync-item').first().getAttribute('data-command'))!;
    await screenshot(page, 'field-notice-outbox-queued');

    // 5. Back online: the signature is sent once.
    await context.setOffline(false);
    await page.locator('.sync-item[data-state="done"]').first().waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: '通知', exact: true }).click();
    await page.locator('.notice-item', { hasText: title }).locator('.notice-signed').waitFor();
    await screenshot(page, 'field-notices-synced');

    const db = new Database(path.join(env.server.dataDir, 'wangge.sqlite'), { readonly: true, fileMustExist: true });
    try {
      const keys = db.prepare('SELECT count(*) AS n FROM idempotency_keys WHERE key = ?').get(commandId) as { n: number };
      assert.equal(keys.n, 1, 'the command id was the Idempotency-Key, recorded once');
      const audits = db.prepare(`SELECT count(*) AS n FROM audit_log WHERE action = 'directive.sign' AND record_id = ?`).get(directiveId) as { n: number };
      assert.equal(audits.n, 1, 'signed exactly once');
    } finally {
      db.close();
    }

    // 6. The city roll-up shows it: 玄武区 +1, then its street, community and the grid with the worker.
    await leader.page.getByRole('button', { name: /刷\s*新/ }).click();
    await leader.page.waitForFunction(
      ([code, n]) => Number(document.querySelector(`.rollup-table tr[data-unit="${code}"] td.rollup-signed`)?.textContent) === n,
      [DISTRICT, before + 1] as const,
      { timeout: 20_000 },
    );
    assert.equal((await rollupRow(leader.page, env.server.url, directiveId, '3201', DISTRICT)).signed, beforeApi.signed + 1);
    await screenshot(leader.page, 'console-directive-rollup-city');
    for (const [parent, child] of [[DISTRICT, STREET], [STREET, COMMUNITY], [COMMUNITY, GRID]] as const) {
      await leader.page.locator(`.rollup-table tr[data-unit="${parent}"]`).click();
      assert.ok((await shownSigned(leader.page, child)) >= 1, `${child} shows the signature`);
    }
    assert.equal((await rollupRow(leader.page, env.server.url, directiveId, COMMUNITY, GRID)).signed, 1, 'exactly one signature in the grid');
    await leader.page.locator(`.rollup-table tr[data-unit="${GRID}"]`).click();
    const person = leader.page.locator('.rollup-people tr', { hasText: me.displayName });
    await person.first().waitFor();
    assert.ok(/\d{2}-\d{2} \d{2}:\d{2}/.test((await person.first().textContent()) ?? ''), 'the worker shows a signing time');
    await screenshot(leader.page, 'console-directive-rollup-grid');

    assert.deepEqual(leader.errors, []);
    assert.deepEqual(phone.errors.filter((e) => !offlineNoise(e)), []);
    await leader.context.close();
    await context.close();
  });
});
