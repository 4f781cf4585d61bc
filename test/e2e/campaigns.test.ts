import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import { login, openPage, PHONE, screenshot, useE2eEnvironment } from './harness.ts';

// Issue 5 (campaigns) end to end: the city leader creates a campaign for 玄武区 in the console with three
// phases — a key period with a ×0.5 deadline multiplier for one case category, a patrol multiplier and a
// daily report duty — and sees the countdown and the dashboard; the grid worker files 零报告 from the
// phone while offline, it syncs when the connection returns, and the dashboard no longer lists the grid
// as missing; a correction with incidents shows in the dashboard; the campaign is cloned as a template;
// logging out of the phone leaves no offline copy of the worker's notices in localStorage.

const GRID = '320102003001001'; // 香铺营第1网格, worker.demo's grid
const DISTRICT = '320102'; // 玄武区
const STREET = '320102003';
const COMMUNITY = '320102003001';
const CATEGORY = '0104';
const DAY = 86_400_000;

/** Errors Chromium logs for requests made while the network is switched off — expected here, nothing else is. */
const offlineNoise = (e: string) => /net::ERR_INTERNET_DISCONNECTED/.test(e);

/** 'YYYY-MM-DD' of the China-time day `days` from today (campaign days are China-time days). */
function chinaDay(days: number): string {
  return new Date(Date.now() + 8 * 3_600_000 + days * DAY).toISOString().slice(0, 10);
}
/** The instant of China-time midnight `days` from today. */
function chinaMidnight(days: number): number {
  return Date.parse(`${chinaDay(days)}T00:00:00+08:00`);
}

/** The form item whose label is exactly `label`, inside `scope`. */
function item(scope: Locator, label: string): Locator {
  return scope.locator('.ant-form-item').filter({ has: scope.page().locator('label', { hasText: new RegExp(`^${label}$`) }) });
}

/** Type a start and an end into an antd RangePicker with time, as a person would. */
async function fillRange(picker: Locator, from: string, to: string): Promise<void> {
  const inputs = picker.locator('input');
  await inputs.nth(0).click();
  await inputs.nth(0).fill(from);
  await inputs.nth(0).press('Enter');
  await inputs.nth(1).fill(to);
  await inputs.nth(1).press('Enter');
  assert.equal(await inputs.nth(0).inputValue(), from);
  assert.equal(await inputs.nth(1).inputValue(), to);
}

/** Choose in an antd Select with search: open it, type, take the first match. */
async function choose(select: Locator, text: string): Promise<void> {
  await select.click();
  await select.page().keyboard.type(text);
  await select.page().locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option-active').waitFor();
  await select.page().keyboard.press('Enter');
}

async function statValue(page: Page, cls: string): Promise<number> {
  return Number((await page.locator(`.daily-status .${cls} .ant-statistic-content-value`).textContent())!.replace(/\D/g, ''));
}

interface DailyStatus { expected: number; reported: number; zeroReports: number; missingCount: number; missing: { gridCode: string }[]; incidents: { gridCode: string; summary: string }[] }

describe('campaign: created in the console, 零报告 from the phone offline, dashboard, clone (e2e)', { timeout: 900_000 }, () => {
  const env = useE2eEnvironment();

  test('leader creates a phased campaign; worker files 零报告 offline; the grid leaves the missing list; clone as template', async () => {
    const name = `国际马拉松赛安保专项行动 ${Date.now()}`;
    const fmt = (days: number) => `${chinaDay(days)} 00:00`;

    // 1. The city leader creates the campaign for 玄武区 in the console.
    const leader = await openPage(env.browser);
    const lp = leader.page;
    await login(lp, env.server.url, 'city.leader');
    await lp.getByRole('menuitem', { name: /专项行动/ }).click();
    await lp.getByRole('button', { name: /新建专项行动/ }).click();
    const drawer = lp.getByRole('dialog', { name: '新建专项行动' });
    await item(drawer, '名称').locator('input').fill(name);
    await item(drawer, '说明').locator('textarea').fill('赛事沿线网格每日报送（无情况报零报告），关键期“违规焚烧”类案件办理时限减半，巡逻频次加倍。');
    await choose(item(drawer, '范围').locator('.ant-select'), '玄武区');
    const due = item(drawer, '日报截止时间').locator('input');
    await due.click();
    await due.fill('21:30');
    await due.press('Enter');
    await fillRange(item(drawer, '起止时间').locator('.ant-picker-range'), fmt(-1), fmt(5));

    const phases = drawer.locator('.phase-card');
    await fillRange(item(phases.nth(0), '阶段起止').locator('.ant-picker-range'), fmt(-1), fmt(0));
    await drawer.getByRole('button', { name: /添加阶段/ }).click();
    const key = phases.nth(1);
    assert.equal((await item(key, '阶段类型').locator('.ant-select').textContent())?.trim(), '关键期', 'the second phase defaults to the key period');
    await fillRange(item(key, '阶段起止').locator('.ant-picker-range'), fmt(0), fmt(3));
    await item(key, '巡逻频次倍数').locator('input').fill('2');
    await item(key, '每日报告').locator('.ant-switch').click();
    await key.getByRole('button', { name: /添加时限倍数/ }).click();
    await choose(key.locator('.sla-rule .ant-select'), CATEGORY);
    const multiplier = key.locator('.sla-rule input[aria-label="倍数"]');
    assert.equal(await multiplier.inputValue(), '0.5', 'a new multiplier row starts at ×0.5');
    await drawer.getByRole('button', { name: /添加阶段/ }).click();
    const event = phases.nth(2);
    await fillRange(item(event, '阶段起止').locator('.ant-picker-range'), fmt(3), fmt(5));
    await item(event, '每日报告').locator('.ant-switch').click();
    await screenshot(lp, 'console-campaign-create');
    await drawer.getByRole('button', { name: /^创\s*建$/ }).click();
    await lp.locator('.campaign-name', { hasText: name }).waitFor();
    const campaignId = lp.url().split('/').pop()!;
    assert.match(campaignId, /^[0-9a-f-]{36}$/);

    // What the server stored is what was typed.
    const stored = (await (await lp.request.get(`${env.server.url}/api/campaigns/${campaignId}`)).json()) as {
      campaign: { territoryCode: string; dailyReportDue: string; startsAt: string; status: string; currentPhase: { kind: string }; countdown: { target: string }; phases: { kind: string; startsAt: string; endsAt: string; slaMultipliers: Record<string, number>; patrolMultiplier: number | null; dailyReport: boolean }[] };
    };
    const c = stored.campaign;
    assert.equal(c.territoryCode, DISTRICT);
    assert.equal(c.dailyReportDue, '21:30');
    assert.equal(c.status, 'running');
    assert.equal(c.currentPhase.kind, 'key_period');
    assert.deepEqual(
      c.phases.map((p) => [p.kind, Date.parse(p.startsAt), Date.parse(p.endsAt), p.slaMultipliers, p.patrolMultiplier, p.dailyReport]),
      [
        ['preparation', chinaMidnight(-1), chinaMidnight(0), {}, 1, false],
        ['key_period', chinaMidnight(0), chinaMidnight(3), { [CATEGORY]: 0.5 }, 2, true],
        ['event_days', chinaMidnight(3), chinaMidnight(5), {}, 1, true],
      ],
    );
    assert.equal(Date.parse(c.countdown.target), chinaMidnight(3), 'the countdown runs to the event days');

    // 2. The dashboard: countdown, phases with their multipliers, the daily report duty.
    const seconds = Number(await lp.getByTestId('countdown').getAttribute('data-seconds'));
    const expected = (chinaMidnight(3) - Date.now()) / 1000;
    assert.ok(Math.abs(seconds - expected) < 120, `countdown ${seconds}s, expected about ${Math.round(expected)}s`);
    assert.match((await lp.getByTestId('countdown').textContent())!, /^\d+ 天 \d{2}:\d{2}:\d{2}$/);
    const keyRow = lp.locator('.phase-table tr.phase-current');
    await keyRow.waitFor();
    const keyText = (await keyRow.textContent())!;
    assert.match(keyText, /关键期/);
    assert.match(keyText, /当前/);
    assert.match(keyText, /×0\.5/);
    assert.match(keyText, /×2/);
    assert.match(keyText, /每日 21:30 前报送/);
    assert.doesNotMatch(keyText, new RegExp(`${CATEGORY} ×`), 'the category is named, not just its code');
    assert.equal(await lp.locator('.phase-table tbody tr.ant-table-row').count(), 3);
    assert.equal(await lp.locator('.campaign-scope .ant-breadcrumb').textContent(), '玄武区');
    await screenshot(lp, 'console-campaign-dashboard');

    // Drill down to the worker's community: the grid is listed as missing.
    const names = async (code: string) => ((await (await lp.request.get(`${env.server.url}/api/territory/nodes/${code}`)).json()) as { name: string }).name;
    const [streetName, communityName, gridName] = [await names(STREET), await names(COMMUNITY), await names(GRID)];
    await choose(lp.locator('.campaign-drill'), streetName);
    await lp.locator('.campaign-crumbs', { hasText: streetName }).waitFor();
    await choose(lp.locator('.campaign-drill'), communityName);
    await lp.locator('.campaign-crumbs', { hasText: communityName }).waitFor();
    const missingRow = lp.locator(`.missing-grids [data-grid="${GRID}"]`);
    await missingRow.waitFor();
    assert.match((await missingRow.textContent())!, new RegExp(gridName));
    const before = { reported: await statValue(lp, 'daily-reported'), zero: await statValue(lp, 'daily-zero'), missing: await statValue(lp, 'daily-missing') };
    const statusUrl = `${env.server.url}/api/campaigns/${campaignId}/daily-reports/status?date=${chinaDay(0)}&unit=${COMMUNITY}`;
    const apiBefore = (await (await lp.request.get(statusUrl)).json()) as DailyStatus;
    assert.deepEqual(before, { reported: apiBefore.reported, zero: apiBefore.zeroReports, missing: apiBefore.missingCount }, 'the dashboard shows the API status');
    assert.ok(apiBefore.missing.some((m) => m.gridCode === GRID));
    await screenshot(lp, 'console-campaign-missing');

    // 3. The grid worker's phone: today's daily report card under 通知.
    const phone = await openPage(env.browser, PHONE);
    const { page, context } = phone;
    await login(page, env.server.url, 'worker.demo');
    await page.getByRole('heading', { name: '我的网格' }).waitFor();
    await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, null, { timeout: 30_000 });
    await page.reload();
    await page.getByRole('heading', { name: '我的网格' }).waitFor();
    await page.getByRole('button', { name: '通知', exact: true }).click();
    const card = page.locator('.daily-card', { hasText: name });
    await card.waitFor();
    assert.match((await card.textContent())!, /21:30 前报送/);
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), true, 'no sideways scrolling');
    await screenshot(page, 'field-daily-report');

    // Offline: 零报告 is queued, kept over an offline reload, and sent once when the connection returns.
    await context.setOffline(true);
    await page.getByText('当前离线，显示的是上次同步的数据').first().waitFor();
    await card.getByRole('button', { name: /零报告/ }).click();
    await card.getByText('已报送，待同步').waitFor();
    await screenshot(page, 'field-daily-report-offline');
    const reloaded = await page.reload();
    assert.ok(reloaded?.fromServiceWorker(), 'the offline reload was answered by the service worker');
    await page.locator('.daily-card', { hasText: name }).getByText('已报送，待同步').waitFor();
    await page.getByRole('button', { name: '同步状态' }).click();
    const queued = page.locator('.sync-item[data-state="queued"]');
    await queued.first().waitFor();
    assert.equal(await page.locator('.sync-item').count(), 1, 'one command queued');
    assert.match((await queued.first().textContent())!, /日报/);
    const offlineStatus = (await (await lp.request.get(statusUrl)).json()) as DailyStatus;
    assert.ok(offlineStatus.missing.some((m) => m.gridCode === GRID), 'nothing reached the server while offline');
    await context.setOffline(false);
    await page.locator('.sync-item[data-state="done"]').first().waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: '通知', exact: true }).click();
    await page.locator('.daily-card', { hasText: name }).getByText('今日已报送：零报告（无情况）').waitFor();
    await screenshot(page, 'field-daily-report-done');

    // 4. The dashboard: one more reported (a zero report), one fewer missing, the grid no longer listed.
    await lp.getByRole('button', { name: /刷\s*新/ }).click();
    await lp.waitForFunction((grid) => !document.querySelector(`.missing-grids [data-grid="${grid}"]`), GRID, { timeout: 20_000 });
    assert.deepEqual(
      { reported: await statValue(lp, 'daily-reported'), zero: await statValue(lp, 'daily-zero'), missing: await statValue(lp, 'daily-missing') },
      { reported: before.reported + 1, zero: before.zero + 1, missing: before.missing - 1 },
    );
    const apiAfter = (await (await lp.request.get(statusUrl)).json()) as DailyStatus;
    assert.equal(apiAfter.missing.some((m) => m.gridCode === GRID), false);
    assert.equal(apiAfter.missingCount, apiBefore.missingCount - 1);
    await screenshot(lp, 'console-campaign-reported');

    // A correction with incidents (online) replaces the zero report and shows in the dashboard.
    const card2 = page.locator('.daily-card', { hasText: name });
    await card2.getByRole('button', { name: /重新报送/ }).click();
    await card2.getByLabel('事件数').fill('2');
    await card2.getByLabel('情况摘要').fill('赛道沿线发现两处占道经营，已劝离。');
    await card2.getByRole('button', { name: /报送日报/ }).click();
    await card2.getByText('今日已报送：2 起情况').waitFor();
    await card2.getByText('赛道沿线发现两处占道经营，已劝离。').waitFor();
    await page.waitForFunction(() => !document.querySelector('.daily-card form'));
    await screenshot(page, 'field-daily-report-incidents');
    await lp.getByRole('button', { name: /刷\s*新/ }).click();
    const incident = lp.locator(`.daily-incidents [data-grid="${GRID}"]`);
    await incident.waitFor({ timeout: 20_000 });
    assert.match((await incident.textContent())!, /占道经营/);
    assert.match((await incident.textContent())!, /2 起/);
    assert.equal(await statValue(lp, 'daily-zero'), before.zero, 'no longer a zero report');
    assert.equal(await statValue(lp, 'daily-reported'), before.reported + 1, 'still reported once');
    await screenshot(lp, 'console-campaign-incidents');

    // A directive issued from the dashboard is linked to the campaign and shows in its directive status.
    await lp.getByRole('button', { name: /下发关联通知/ }).click();
    const issue = lp.getByRole('dialog', { name: '下发通知 / 指令' });
    await item(issue, '所属专项行动').getByText(name).waitFor();
    const title = `马拉松赛道沿线安保部署 ${Date.now()}`;
    await item(issue, '标题').locator('input').fill(title);
    await item(issue, '正文').locator('textarea').fill('请沿线各网格于赛前完成隐患排查，每日报送日报。');
    await issue.getByRole('button', { name: /^下\s*发$/ }).click();
    await lp.locator('.directive-title', { hasText: title }).waitFor();
    await lp.goto(`${env.server.url}/console/campaigns/${campaignId}`);
    const linked = lp.locator('.campaign-directives tr', { hasText: title });
    await linked.waitFor();
    const reached = Number((await linked.locator('td.directive-reached').textContent())!.trim());
    assert.ok(reached > 100, `the directive reached ${reached} people in 玄武区`);
    assert.equal((await linked.locator('td.directive-signed').textContent())!.trim(), '0');
    await screenshot(lp, 'console-campaign-directive');

    // 5. Clone as a template: same territory and phases, every date shifted to the new start.
    await lp.getByRole('button', { name: /以此为模板新建/ }).click();
    const modal = lp.getByRole('dialog', { name: '以此为模板新建' });
    await item(modal, '名称').locator('input').fill(`${name}（下届）`);
    const start = item(modal, '新的开始时间').locator('input');
    await start.click();
    await start.fill(fmt(29));
    await start.press('Enter');
    await screenshot(lp, 'console-campaign-clone');
    await modal.getByRole('button', { name: /复制并新建/ }).click();
    await lp.locator('.campaign-name', { hasText: `${name}（下届）` }).waitFor();
    const cloneId = lp.url().split('/').pop()!;
    assert.notEqual(cloneId, campaignId);
    const clone = ((await (await lp.request.get(`${env.server.url}/api/campaigns/${cloneId}`)).json()) as { campaign: typeof c & { clonedFrom: string } }).campaign;
    assert.equal(clone.clonedFrom, campaignId);
    assert.equal(clone.status, 'upcoming');
    assert.equal(clone.territoryCode, DISTRICT);
    const shift = chinaMidnight(29) - chinaMidnight(-1);
    assert.deepEqual(
      clone.phases.map((p) => [p.kind, Date.parse(p.startsAt), Date.parse(p.endsAt), p.slaMultipliers, p.patrolMultiplier, p.dailyReport]),
      c.phases.map((p) => [p.kind, Date.parse(p.startsAt) + shift, Date.parse(p.endsAt) + shift, p.slaMultipliers, p.patrolMultiplier, p.dailyReport]),
    );
    await lp.locator('.campaign-head .ant-tag', { hasText: '未开始' }).waitFor();
    await screenshot(lp, 'console-campaign-cloned');
    await lp.getByRole('button', { name: /返回专项行动/ }).click();
    await lp.locator('.campaign-list tr', { hasText: `${name}（下届）` }).waitFor();
    await screenshot(lp, 'console-campaigns');
    // The dashboard in English: phases by kind, no Chinese UI strings left.
    await lp.locator('.campaign-list tr', { hasText: `${name}（下届）` }).click();
    await lp.getByText('EN', { exact: true }).click();
    await lp.locator('.phase-table', { hasText: 'Key period' }).waitFor();
    assert.match((await lp.locator('.phase-table').textContent())!, /Daily by 21:30/);
    await screenshot(lp, 'console-campaign-dashboard-en');
    await lp.getByText('中文', { exact: true }).click();

    // 6. Logging out of the phone leaves none of the worker's offline copies behind.
    assert.ok((await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('wangge.notices.')).length)) > 0, 'the notices screen kept offline copies while signed in');
    const phoneErrorsBeforeLogout = phone.errors.length;
    await page.goto(`${env.server.url}/field/me`);
    await page.getByRole('button', { name: /退出登录/ }).click();
    await page.getByRole('textbox', { name: '用户名' }).waitFor();
    assert.deepEqual(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('wangge.notices.'))), []);

    assert.deepEqual(leader.errors, []);
    assert.deepEqual(phone.errors.slice(0, phoneErrorsBeforeLogout).filter((e) => !offlineNoise(e)), []);
    // A page read still in flight when the session ends answers 401 (seen in CI: the grid outline of
    // /field/me); anything else after logout is a real error.
    assert.deepEqual(phone.errors.slice(phoneErrorsBeforeLogout).filter((e) => !offlineNoise(e) && !/status of 401 \(Unauthorized\)/.test(e)), []);
    await leader.context.close();
    await context.close();
  });
});
