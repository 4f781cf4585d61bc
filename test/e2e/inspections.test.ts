import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildJpeg } from '../../server/attachments/testImages.ts';
import { DESKTOP, login, openPage, screenshot, useE2eEnvironment } from './harness.ts';

// 明察暗访 in the console, in Debian Chromium against the real server and the demo city: the city
// supervisor creates an unannounced plan with a two-item checklist and one grid as target (inspector
// assigned automatically); the inspector it went to records a pass and a fail, a finding with a photo, and
// completes the task; the supervisor turns the finding into a rectification case with a deadline and sees
// the case number and its state on the finding.

const GRID = '320102003001001'; // 香铺营第1网格
const TITLE = '香铺营网格工作站暗访';
const FINDING = '工作站值班表未上墙，夜间无人值守';

/** A button's accessible name: antd puts a space between two CJK characters (确 定). */
function btn(name: string): RegExp {
  return new RegExp(`^${[...name].join('\\s*')}$`);
}

describe('inspections screen (e2e)', { timeout: 600_000 }, () => {
  const env = useE2eEnvironment();

  test('plan → inspect with checklist, finding and photo → finding becomes a rectification case', async () => {
    // ——— the supervisor creates the plan
    const sup = await openPage(env.browser, DESKTOP);
    await login(sup.page, env.server.url, 'city.supervisor');
    await sup.page.getByRole('heading', { name: '态势总览' }).waitFor();
    await sup.page.goto(`${env.server.url}/console/supervision/inspections`);
    await sup.page.getByRole('tab', { name: '明察暗访' }).waitFor();
    await sup.page.getByRole('button', { name: '新建计划' }).click();
    const create = sup.page.getByRole('dialog').filter({ hasText: '检查表模板' });
    await create.waitFor();
    await create.getByLabel('计划名称').fill(TITLE);
    await create.getByLabel('检查项 1').fill('值班表上墙、人员在岗');
    await create.getByRole('button', { name: '添加检查项' }).click();
    await create.getByLabel('检查项 2').fill('群众诉求台账记录完整');
    const target = create.getByLabel('检查对象');
    await target.click();
    await target.fill(GRID);
    await sup.page.locator('.ant-select-item-option', { hasText: GRID }).click();
    await screenshot(sup.page, 'inspections-create-plan');
    await create.getByRole('button', { name: btn('确定') }).click();
    const planDrawer = sup.page.getByRole('dialog').filter({ hasText: '明察暗访计划详情' });
    await planDrawer.waitFor();
    await planDrawer.locator('.inspection-tasks tr', { hasText: '香铺营' }).waitFor();
    await screenshot(sup.page, 'inspections-plan');

    const plans = (await (await sup.page.request.get(`${env.server.url}/api/inspections/plans?scope=3201`)).json()) as { plans: { id: string; title: string; kind: string }[] };
    const planId = plans.plans.find((p) => p.title === TITLE)!.id;
    const plan = (await (await sup.page.request.get(`${env.server.url}/api/inspections/plans/${planId}`)).json()) as { plan: { kind: string; checklist: { key: string }[] }; tasks: { targetId: string; inspectorId: string | null }[] };
    assert.equal(plan.plan.kind, 'covert');
    assert.equal(plan.plan.checklist.length, 2);
    assert.deepEqual(plan.tasks.map((t) => t.targetId), [GRID]);

    // ——— the inspector the task went to (every demo inspector sits at the city level: least loaded, first by id)
    const insp = await openPage(env.browser, DESKTOP);
    await login(insp.page, env.server.url, 'inspector.demo');
    await insp.page.getByRole('heading', { name: '态势总览' }).waitFor();
    const meId = ((await (await insp.page.request.get(`${env.server.url}/api/me`)).json()) as { id: string }).id;
    assert.equal(plan.tasks[0]!.inspectorId, meId, 'assigned to inspector.demo');
    await insp.page.goto(`${env.server.url}/console/supervision/inspections`);
    const mine = insp.page.locator('.inspection-my-tasks tr', { hasText: TITLE });
    await mine.waitFor();
    await mine.getByRole('button', { name: '开始检查' }).click();
    const taskDrawer = insp.page.getByRole('dialog').filter({ hasText: '检查任务' });
    await taskDrawer.locator('.inspection-checklist-results').waitFor();
    const row1 = taskDrawer.locator('.inspection-checklist-results tr', { hasText: '值班表上墙' });
    await row1.locator('.ant-segmented-item-label', { hasText: /^不合格$/ }).click();
    await row1.getByLabel('值班表上墙、人员在岗 情况说明').fill('值班表未上墙');
    const row2 = taskDrawer.locator('.inspection-checklist-results tr', { hasText: '群众诉求台账' });
    await row2.locator('.ant-segmented-item-label', { hasText: /^合格$/ }).click();

    await taskDrawer.getByRole('button', { name: '登记问题' }).click();
    const findingDialog = insp.page.getByRole('dialog', { name: '登记问题' });
    await findingDialog.waitFor();
    await findingDialog.getByLabel('问题描述').fill(FINDING);
    await findingDialog.locator('input[type=file]').setInputFiles({ name: 'duty-board.jpg', mimeType: 'image/jpeg', buffer: buildJpeg() });
    await findingDialog.getByText('duty-board.jpg').waitFor();
    await findingDialog.locator('.ant-upload-list-item-uploading').waitFor({ state: 'detached' });
    await screenshot(insp.page, 'inspections-finding');
    // 确定 shows a spinner while the photo uploads, and the spinner's exit animation can linger in the DOM
    // (headless Chromium): the button's accessible name is then "loading 确 定". Match the end of the name.
    await findingDialog.getByRole('button', { name: /确\s*定$/ }).click();
    await findingDialog.waitFor({ state: 'hidden' });
    await taskDrawer.locator('.inspection-findings tr', { hasText: FINDING }).waitFor();
    await taskDrawer.getByRole('button', { name: '完成检查' }).click();
    // The answer: a success message, or an error alert in the drawer (screenshot either way).
    await insp.page.locator('.ant-message-notice, .inspection-task [role=alert]').first().waitFor();
    await screenshot(insp.page, 'inspections-task-complete');
    assert.equal(await taskDrawer.locator('[role=alert]').count(), 0, (await taskDrawer.locator('[role=alert]').first().textContent().catch(() => '')) ?? '');
    await taskDrawer.getByText(/^已完成 · /).waitFor();
    await screenshot(insp.page, 'inspections-task-done');
    assert.deepEqual(insp.errors, []);
    await insp.context.close();

    // ——— the supervisor turns the finding into a rectification case (转整改案件)
    await sup.page.goto(`${env.server.url}/console/supervision/inspections`);
    await sup.page.locator('.inspection-plans tr', { hasText: TITLE }).click();
    const drawer = sup.page.getByRole('dialog').filter({ hasText: '明察暗访计划详情' });
    const findingRow = drawer.locator('.inspection-findings tr', { hasText: FINDING });
    await findingRow.waitFor();
    await findingRow.getByRole('button', { name: '转整改案件' }).click();
    const rectify = sup.page.getByRole('dialog', { name: '转整改案件' });
    await rectify.waitFor();
    const category = rectify.getByLabel('案件分类');
    await category.click();
    await category.fill('0101');
    await sup.page.locator('.ant-select-item-option', { hasText: '0101' }).click();
    await screenshot(sup.page, 'inspections-rectify');
    await rectify.getByRole('button', { name: btn('确定') }).click();
    await sup.page.locator('.ant-modal-confirm-title', { hasText: '已转为整改案件' }).waitFor();
    await sup.page.getByRole('button', { name: /知\s*道\s*了|确\s*定|OK/ }).last().click();
    await findingRow.getByText(/^限 \d{4}-\d{2}-\d{2} 前$/).waitFor();
    await findingRow.locator('.ant-tag', { hasText: '已上报' }).waitFor();
    await sup.page.locator('.ant-modal-confirm').waitFor({ state: 'hidden' });
    await screenshot(sup.page, 'inspections-rectified');

    const after = (await (await sup.page.request.get(`${env.server.url}/api/inspections/plans/${planId}`)).json()) as { progress: { tasksDone: number; findings: number; rectificationCases: number }; findings: { photos: string[]; rectification: { caseId: string; deadline: string } | null }[] };
    assert.deepEqual([after.progress.tasksDone, after.progress.findings, after.progress.rectificationCases], [1, 1, 1]);
    const finding = after.findings[0]!;
    assert.equal(finding.photos.length, 1);
    const detail = (await (await sup.page.request.get(`${env.server.url}/api/cases/${finding.rectification!.caseId}`)).json()) as { case: { gridCode: string; categoryCode: string; state: string; details: { rectification?: { deadline: string } } | null } };
    assert.deepEqual([detail.case.gridCode, detail.case.categoryCode, detail.case.state], [GRID, '0101', 'reported']);
    assert.equal(detail.case.details?.rectification?.deadline, finding.rectification!.deadline);
    assert.deepEqual(sup.errors, []);
    await sup.context.close();
  });
});
