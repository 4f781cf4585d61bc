import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { DESKTOP, login, openPage, screenshot, useE2eEnvironment } from './harness.ts';

// 督导 in the console, in Debian Chromium against the real server and the demo city: the admin generates
// today's daily bulletin and opens it (PDF answered as application/pdf, XLSX downloads); a case is created
// and closed through the API, the supervisor previews and draws a spot check whose only closed case is that
// one (the demo city starts with no cases), the city inspector it is assigned to records a failed
// re-check, and the case is back in handling (处置中) with its rework counted; the supervisor confirms
// the accountability record that failure produced, opens its responsibility chain and the history (台账),
// drills from a street's evaluation score to its components to the failed spot check and on to the case,
// whose console detail shows the chain as well.

const GRID = '320102003001001'; // 香铺营第1网格, worker.demo's grid

/** China-time date, offset by days. */
function chinaDate(addDays = 0): string {
  return new Date(Date.now() + 8 * 3600_000 + addDays * 86_400_000).toISOString().slice(0, 10);
}

/** A page with a longer wait than the 30 s default: the machine running e2e suites is shared and often loaded. */
async function openSlowPage(browser: Parameters<typeof openPage>[0]): ReturnType<typeof openPage> {
  const p = await openPage(browser, DESKTOP);
  p.page.setDefaultTimeout(90_000);
  return p;
}

/** A button's accessible name: antd puts a space between two CJK characters (确 定). */
function btn(name: string): RegExp {
  return new RegExp(`^${[...name].join('\\s*')}$`);
}

/** Act on a case through the API from a signed-in page (same cookies), with the version just read. */
async function act(page: Page, base: string, id: string, action: string, extra: Record<string, unknown> = {}): Promise<{ state: string; version: number }> {
  const detail = (await (await page.request.get(`${base}/api/cases/${id}`)).json()) as { case: { version: number } };
  const res = await page.request.post(`${base}/api/cases/${id}/actions`, { data: { action, expectedVersion: detail.case.version, ...extra } });
  assert.equal(res.status(), 200, `${action}: ${await res.text()}`);
  return ((await res.json()) as { case: { state: string; version: number } }).case;
}

describe('supervision screens (e2e)', { timeout: 600_000 }, () => {
  const env = useE2eEnvironment();

  test("the admin generates today's daily bulletin, opens the PDF and downloads the XLSX", async () => {
    const { context, page, errors } = await openSlowPage(env.browser);
    await login(page, env.server.url, 'admin');
    await page.getByRole('heading', { name: '系统管理' }).first().waitFor();
    await page.goto(`${env.server.url}/console/supervision/bulletins`);
    await page.getByRole('tab', { name: '简报' }).waitFor();
    await page.getByRole('button', { name: '生成简报' }).click();
    await page.locator('.bulletin').getByText(`安保日报 · ${chinaDate()}`).waitFor();
    await screenshot(page, 'supervision-bulletin');

    // 打开 PDF: a new tab on the PDF URL; the response itself must be a non-empty PDF.
    const pdfHref = await page.locator('a.bulletin-pdf').getAttribute('href');
    assert.ok(pdfHref?.startsWith('/api/reports/bulletin.pdf?') && pdfHref.includes(`date=${chinaDate()}`), pdfHref ?? 'no href');
    const pdf = await page.request.get(`${env.server.url}${pdfHref}`);
    assert.equal(pdf.status(), 200);
    assert.equal(pdf.headers()['content-type'], 'application/pdf');
    assert.match(pdf.headers()['content-disposition'] ?? '', /^inline;/);
    const pdfBody = await pdf.body();
    assert.ok(pdfBody.length > 1000, `PDF of ${pdfBody.length} bytes`);
    assert.equal(pdfBody.subarray(0, 5).toString('latin1'), '%PDF-');
    const popup = context.waitForEvent('page');
    await page.locator('a.bulletin-pdf').click();
    const pdfTab = await popup;
    assert.ok(pdfTab.url().includes('/api/reports/bulletin.pdf'), pdfTab.url());
    await pdfTab.close().catch(() => undefined);

    // 下载 Excel: a real download of an XLSX (a zip: "PK").
    const download = page.waitForEvent('download');
    await page.locator('a.bulletin-xlsx').click();
    const file = await download;
    assert.match(file.suggestedFilename(), new RegExp(`安保日报-${chinaDate()}\\.xlsx$`));
    const stream = await file.createReadStream();
    const chunks: Buffer[] = [];
    for await (const c of stream) chunks.push(c as Buffer);
    const xlsx = Buffer.concat(chunks);
    assert.ok(xlsx.length > 1000, `XLSX of ${xlsx.length} bytes`);
    assert.equal(xlsx.subarray(0, 2).toString('latin1'), 'PK');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('a spot check whose failed re-check reopens a closed case as rework', async () => {
    // ——— a case reported, resolved on the spot, verified and closed — all through the API
    const worker = await openSlowPage(env.browser);
    await login(worker.page, env.server.url, 'worker.demo');
    await worker.page.getByRole('heading', { name: '我的网格' }).waitFor();
    const created = await worker.page.evaluate(async (grid) => {
      const cats = ((await (await fetch('/api/categories')).json()) as { categories: { code: string; parentCode: string | null; kind: string }[] }).categories;
      const cat = cats.find((c) => c.parentCode !== null && c.kind === 'event')!;
      const node = (await (await fetch(`/api/territory/nodes/${grid}`)).json()) as { bbox: { minLat: number; maxLat: number; minLng: number; maxLng: number } };
      const body = { categoryCode: cat.code, description: '香铺营小区5栋门前路灯不亮', location: { lat: (node.bbox.minLat + node.bbox.maxLat) / 2, lng: (node.bbox.minLng + node.bbox.maxLng) / 2 }, photos: [] };
      const res = await fetch('/api/cases', { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() }, body: JSON.stringify(body) });
      return { status: res.status, body: (await res.json()) as { case: { id: string; caseNo: string } } };
    }, GRID);
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const caseId = created.body.case.id;
    const caseNo = created.body.case.caseNo;
    await act(worker.page, env.server.url, caseId, 'self_resolve', { note: '已更换灯泡' });
    await worker.context.close();

    const sup = await openSlowPage(env.browser);
    await login(sup.page, env.server.url, 'city.supervisor');
    await sup.page.getByRole('heading', { name: '态势总览' }).waitFor();
    await act(sup.page, env.server.url, caseId, 'verify');
    assert.equal((await act(sup.page, env.server.url, caseId, 'close')).state, 'closed');

    // ——— the supervisor previews the sample size and draws the sample (the period's only closed case)
    await sup.page.getByRole('menuitem', { name: '督导' }).click();
    await sup.page.getByRole('tab', { name: '随机抽查' }).waitFor();
    const form = sup.page.locator('.spotcheck-form');
    await form.getByLabel('随机种子').fill('20261127');
    await form.getByRole('button', { name: '预览样本量' }).click();
    const preview = sup.page.locator('.spotcheck-preview');
    await preview.waitFor();
    assert.match((await preview.textContent())!, /总体（结案数）1/);
    await preview.getByText(caseNo).waitFor();
    await screenshot(sup.page, 'supervision-spotcheck-preview');
    await form.getByRole('button', { name: '抽取样本' }).click();
    const drawer = sup.page.getByRole('dialog').filter({ hasText: '抽查批次详情' });
    await drawer.waitFor();
    const row = drawer.locator('.spotcheck-items tr', { hasText: caseNo });
    await row.waitFor();
    const batchText = (await row.textContent())!;
    assert.match(batchText, /已结案/);
    assert.match(batchText, /待复核/);
    await screenshot(sup.page, 'supervision-spotcheck-batch');
    // Every inspector of the demo city sits at the city level: the fallback assigns the least loaded, first by id — inspector.demo.
    const batch = (await sup.page.evaluate(async () => {
      const list = (await (await fetch('/api/spotchecks?scope=3201')).json()) as { batches: { id: string; seed: number }[] };
      return (await (await fetch(`/api/spotchecks/${list.batches[0]!.id}`)).json()) as { seed: number; items: { caseId: string; inspectorId: string | null; inspectorName: string | null }[] };
    })) as { seed: number; items: { caseId: string; inspectorId: string | null }[] };
    assert.equal(batch.seed, 20261127, 'the seed is recorded');
    assert.deepEqual(batch.items.map((i) => i.caseId), [caseId]);

    // ——— the assigned inspector records a failed field re-check
    const insp = await openSlowPage(env.browser);
    await login(insp.page, env.server.url, 'inspector.demo');
    await insp.page.getByRole('heading', { name: '态势总览' }).waitFor();
    const meId = ((await (await insp.page.request.get(`${env.server.url}/api/me`)).json()) as { id: string }).id;
    assert.equal(batch.items[0]!.inspectorId, meId, 'assigned to inspector.demo');
    await insp.page.goto(`${env.server.url}/console/supervision/spotchecks`);
    const mine = insp.page.locator('.spotcheck-items tr', { hasText: caseNo });
    await mine.waitFor();
    await mine.getByRole('button', { name: '登记结果' }).click();
    const dialog = insp.page.getByRole('dialog').filter({ hasText: '登记抽查结果' });
    await dialog.waitFor();
    await dialog.getByRole('switch', { name: '上报人满意' }).click();
    await dialog.getByRole('switch', { name: '现场复核已整改' }).click();
    await dialog.getByText('保存后案件将重新进入处置').waitFor();
    await dialog.getByRole('button', { name: btn('确定') }).click();
    await dialog.getByText('不合格须写明情况').waitFor(); // a failure needs a note
    await dialog.getByLabel('情况说明').fill('现场路灯仍不亮，灯泡未更换');
    await screenshot(insp.page, 'supervision-spotcheck-record');
    await dialog.getByRole('button', { name: btn('确定') }).click();
    await insp.page.getByText('已重新进入处置').waitFor();
    await insp.page.getByRole('button', { name: /知\s*道\s*了|确\s*定|OK/ }).last().click();
    await mine.getByText('不合格').waitFor();
    await mine.getByText('处置中').waitFor();
    await screenshot(insp.page, 'supervision-spotcheck-failed');

    const detail = (await (await insp.page.request.get(`${env.server.url}/api/cases/${caseId}`)).json()) as { case: { state: string; reworkCount: number; closedAt: string | null } };
    assert.equal(detail.case.state, 'in_handling');
    assert.equal(detail.case.reworkCount, 1);
    assert.equal(detail.case.closedAt, null);
    assert.deepEqual(insp.errors, []);
    await insp.context.close();

    // ——— the supervisor sees it: the case 处置中 with 返工, and the accountability record to confirm
    await sup.page.goto(`${env.server.url}/console/cases/${caseId}`);
    const caseDrawer = sup.page.getByRole('dialog').filter({ hasText: caseNo });
    await caseDrawer.getByText('处置中').first().waitFor();
    await caseDrawer.getByText(/返工/).first().waitFor();
    await screenshot(sup.page, 'supervision-case-reopened');

    await sup.page.goto(`${env.server.url}/console/supervision/accountability`);
    await sup.page.getByRole('button', { name: '从数据生成记录' }).click();
    const rec = sup.page.locator('.accountability-records tr', { hasText: '抽查不合格' });
    await rec.waitFor();
    await rec.getByRole('button', { name: btn('确认') }).click();
    const decide = sup.page.getByRole('dialog').filter({ hasText: '确认责任追究' });
    await decide.waitFor();
    await decide.getByRole('button', { name: btn('确定') }).click();
    await decide.waitFor({ state: 'hidden' });
    await sup.page.locator('.ant-segmented-item', { hasText: '已确认' }).click();
    await sup.page.locator('.accountability-records tr', { hasText: '抽查不合格' }).getByText(/已确认 · 提醒/).waitFor();
    await screenshot(sup.page, 'supervision-accountability');

    // ——— the record's detail: who answers for it, and the case's responsibility chain (责任链)
    await sup.page.locator('.accountability-records tr', { hasText: '抽查不合格' }).locator('.accountability-open').click();
    const recDetail = sup.page.locator('.accountability-detail');
    await recDetail.getByText('责任链', { exact: true }).waitFor();
    const chainTable = recDetail.locator('.responsibility-chain-table');
    await chainTable.waitFor();
    const chainRows = chainTable.locator('tbody tr.ant-table-row');
    // reported → handled (resolved on the spot) → verified → closed → back in handling (the spot check reopened it).
    assert.equal(await chainRows.count(), 5);
    assert.match((await chainRows.nth(0).textContent())!, /已上报.*香铺营第1网格/);
    assert.match((await chainRows.nth(4).textContent())!, /处置中.*至今/);
    // Nobody holds a closed case: the link ends with the spot check's reopening, by the inspector.
    assert.match((await chainRows.nth(3).textContent())!, /^已结案—/);
    assert.match((await chainRows.nth(3).textContent())!, /抽查重开/);
    const responsible = (await recDetail.locator('th.ant-descriptions-item-label', { hasText: '责任人' }).locator('xpath=following-sibling::td[1]').textContent())!.trim();
    assert.ok(responsible && responsible !== '—', 'the worker who resolved it on the spot answers for it');
    await recDetail.getByText('已确认 · 提醒').first().waitFor();
    await screenshot(sup.page, 'supervision-accountability-detail');
    await sup.page.keyboard.press('Escape');
    await recDetail.waitFor({ state: 'hidden' });

    // ——— history (台账): per person, per grid, per department over months; a cell opens its records
    await sup.page.locator('.accountability-view .ant-segmented-item', { hasText: '台账' }).click();
    const history = sup.page.locator('.accountability-history');
    await history.waitFor();
    await history.locator('tr', { hasText: responsible }).waitFor();
    await sup.page.locator('.ant-segmented-item', { hasText: /^网格$/ }).click();
    const gridRow = history.locator('tr', { hasText: '香铺营第1网格' });
    await gridRow.waitFor();
    const month = chinaDate().slice(0, 7);
    assert.ok(await history.locator('th', { hasText: month }).count(), `a column for ${month}`);
    await screenshot(sup.page, 'supervision-accountability-history');
    await gridRow.locator('.history-cell').first().click();
    const cellDrawer = sup.page.locator('.ant-drawer', { hasText: `香铺营第1网格 · ${month}` });
    await cellDrawer.locator('.history-records tr', { hasText: '抽查不合格' }).waitFor();
    await cellDrawer.locator('.ant-drawer-close').click();

    // ——— evaluation: a score → its components → the records and cases behind one of them
    await sup.page.getByRole('tab', { name: '综合评价' }).click();
    const evalTable = sup.page.locator('.evaluation-table');
    await evalTable.waitFor();
    await screenshot(sup.page, 'supervision-evaluation');
    const streetRow = evalTable.locator('tr.ant-table-row', { has: sup.page.locator('[data-component="spotCheckPass"]') }).first();
    await streetRow.locator('.evaluation-score').click();
    const traceDrawer = sup.page.locator('.evaluation-trace');
    const components = traceDrawer.locator('.evaluation-components');
    await components.waitFor();
    assert.equal(await components.locator('tbody tr.ant-table-row').count(), 8, 'all eight components');
    await components.locator('tr[data-row-key="spotCheckPass"]').click();
    const behind = traceDrawer.locator('.trace-records');
    await behind.locator('tr', { hasText: caseNo }).getByText('不合格').waitFor();
    await screenshot(sup.page, 'supervision-evaluation-trace');
    await behind.locator('tr', { hasText: caseNo }).getByRole('button', { name: caseNo }).click();
    await sup.page.waitForURL(`**/console/cases/${caseId}`);

    // ——— the console case detail has the responsibility chain too
    const detailDrawer = sup.page.getByRole('dialog').filter({ hasText: caseNo });
    await detailDrawer.getByRole('tab', { name: '责任链' }).click();
    await detailDrawer.locator('.responsibility-chain-table').waitFor();
    await detailDrawer.locator('.chain-records li', { hasText: '抽查不合格' }).waitFor();
    await screenshot(sup.page, 'supervision-case-chain');
    assert.deepEqual(sup.errors, []);
    await sup.context.close();
  });
});
