import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DESKTOP, drawnPng, login, openPage, screenshot, useE2eEnvironment } from './harness.ts';

// 长效机制 and 总结评估 in the console against the real server and demo city: the admin creates a campaign
// (started three days ago) and a follow-up item of it through the API, sees the item in the follow-ups tab,
// reports progress on it through the screen, completes it with a photo as evidence (uploaded through
// POST /api/uploads), the city supervisor sees the photo when verifying, then the admin reads the campaign's
// after-action review and its PDF.

const iso = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

describe('follow-ups and after-action review screens (e2e)', { timeout: 600_000 }, () => {
  const env = useE2eEnvironment();

  test('the admin tracks a follow-up item and reads the campaign after-action review', async () => {
    const { context, page, errors } = await openPage(env.browser, DESKTOP);
    await login(page, env.server.url, 'admin');
    await page.getByRole('heading', { name: '系统管理' }).first().waitFor();
    const base = env.server.url;
    const c = await page.request.post(`${base}/api/campaigns`, { data: { name: '岁末年初安全生产专项行动', territoryCode: '3201', startsAt: iso(-3), endsAt: iso(3), phases: [{ kind: 'key_period', startsAt: iso(-3), endsAt: iso(3) }] } });
    assert.equal(c.status(), 201, await c.text());
    const campaignId = ((await c.json()) as { campaign: { id: string } }).campaign.id;
    const me = (await (await page.request.get(`${base}/api/me`)).json()) as { id: string };
    const f = await page.request.post(`${base}/api/followups`, { headers: { 'idempotency-key': `e2e-${Date.now()}` }, data: { campaignId, title: '建立重点企业节假日值守报备制度', ownerId: me.id, dueAt: iso(20).slice(0, 10), sourceKind: 'aar' } });
    assert.equal(f.status(), 201, await f.text());

    await page.goto(`${base}/console/supervision/followups`);
    await page.getByRole('tab', { name: '长效机制' }).waitFor();
    const row = page.locator('.followups tr', { hasText: '建立重点企业节假日值守报备制度' });
    await row.waitFor();
    await row.getByRole('button', { name: '报告进展' }).click();
    await page.locator('.ant-modal textarea').fill('已起草制度文本，征求意见中');
    await page.locator('.ant-modal .ant-input-number-input').fill('30');
    await page.locator('.ant-modal').getByRole('button', { name: /确\s*定|OK/ }).click();
    await row.getByText('推进中').waitFor();
    await screenshot(page, 'supervision-followups');

    // 完成: evidence note and a photo; OK waits for the upload.
    await row.getByRole('button', { name: /^完\s*成$/ }).click();
    const dialog = page.locator('.ant-modal');
    await dialog.locator('textarea').fill('制度已印发，值守报备表已上墙');
    await dialog.locator('.followup-photos input[type=file]').setInputFiles({ name: 'board.png', mimeType: 'image/png', buffer: await drawnPng(page, 'duty board', '#d9c78f') });
    await dialog.locator('.followup-photos .ant-upload-list-item-done').waitFor();
    await page.waitForTimeout(600); // let the thumbnail's entry animation finish before the screenshot
    await screenshot(page, 'supervision-followup-complete-photo');
    await dialog.getByRole('button', { name: /确\s*定|OK/ }).click();
    await row.getByText('待验收').waitFor();
    const item = ((await (await page.request.get(`${base}/api/followups?campaign=${campaignId}`)).json()) as { items: { evidence: { photos: string[] } | null }[] }).items[0]!;
    assert.equal(item.evidence?.photos.length, 1, 'the photo is part of the evidence');

    // The city supervisor verifies and sees the photo.
    const sup = await openPage(env.browser, DESKTOP);
    await login(sup.page, base, 'city.supervisor');
    await sup.page.waitForURL((u) => !u.pathname.startsWith('/login'));
    await sup.page.goto(`${base}/console/supervision/followups`);
    const supRow = sup.page.locator('.followups tr', { hasText: '建立重点企业节假日值守报备制度' });
    await supRow.getByRole('button', { name: '验收通过' }).click();
    const photo = sup.page.locator('.ant-modal .followup-evidence img.ant-image-img');
    await photo.waitFor();
    // The <img> is in the DOM before its bytes arrive: wait for the load, then check it is the photo.
    await sup.page.waitForFunction((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0, await photo.elementHandle(), { timeout: 15_000 });
    assert.equal(await photo.evaluate((img) => (img as HTMLImageElement).naturalWidth), 160, 'the evidence photo loads');
    await sup.page.waitForTimeout(600); // the dialog's opening animation
    await screenshot(sup.page, 'supervision-followup-verify-photo');
    await sup.page.locator('.ant-modal').getByRole('button', { name: /确\s*定|OK/ }).click();
    await supRow.getByText('已验收').waitFor();
    assert.deepEqual(sup.errors, []);
    await sup.context.close();

    await page.goto(`${base}/console/supervision/bulletins`);
    await page.getByText('总结评估').click();
    await page.locator('.aar .ant-select').click();
    await page.locator('.ant-select-item-option', { hasText: '岁末年初安全生产专项行动' }).click();
    await page.locator('.aar').getByText('岁末年初安全生产专项行动总结评估报告').waitFor();
    await page.locator('.aar').getByText('建立重点企业节假日值守报备制度').waitFor();
    await screenshot(page, 'supervision-aar');
    const pdfHref = await page.locator('a.aar-pdf').getAttribute('href');
    const pdf = await page.request.get(`${base}${pdfHref}`);
    assert.equal(pdf.status(), 200);
    assert.equal((await pdf.body()).subarray(0, 5).toString('latin1'), '%PDF-');

    await page.getByText('定时简报').click();
    await page.locator('.scheduled-bulletins').waitFor();
    await screenshot(page, 'supervision-scheduled-bulletins');
    assert.deepEqual(errors, []);
    await context.close();
  });
});
