import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_PASSWORD, DESKTOP, login, openPage, PHONE, screenshot, useE2eEnvironment } from './harness.ts';

// Real server + demo city + Debian Chromium: each face opens for the right person, in Chinese,
// with no console errors. Screenshots land in artifacts/e2e/.

describe('login and faces (e2e)', { timeout: 300_000 }, () => {
  const env = useE2eEnvironment();

  test('a wrong password is refused kindly, in Chinese', async () => {
    const { page, context } = await openPage(env.browser, DESKTOP);
    await login(page, env.server.url, 'admin', 'not-the-password');
    await page.getByText('用户名或密码错误').waitFor();
    assert.equal(new URL(page.url()).pathname, '/login');
    await screenshot(page, 'login-error');
    await context.close();
  });

  test('the administrator lands on 系统管理 and can open the console grid map', async () => {
    const { page, context, errors } = await openPage(env.browser, DESKTOP);
    await page.goto(`${env.server.url}/`);
    await page.getByRole('button', { name: /^登\s*录$/ }).waitFor();
    await screenshot(page, 'login');
    await login(page, env.server.url, 'admin');
    await page.getByRole('heading', { name: '系统管理' }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/admin');
    await screenshot(page, 'admin');

    await page.goto(`${env.server.url}/console/map`);
    await page.getByText('指挥中心').first().waitFor();
    await page.getByText(/共 \d+ 个网格/).waitFor({ timeout: 60_000 });
    const gridCount = Number((await page.getByText(/共 \d+ 个网格/).textContent())!.match(/\d+/)![0]);
    assert.ok(gridCount > 0, 'grids drawn on the map');
    // Click the centre of the map: with the whole city's grids drawn, it hits a grid.
    const map = page.locator('.leaflet-container');
    const box = (await map.boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await page.getByText('户数').waitFor({ timeout: 15_000 });
    await screenshot(page, 'console-map');

    await page.getByRole('menuitem', { name: '态势总览' }).click();
    await page.getByText('我的岗位').waitFor();
    await screenshot(page, 'console-overview');

    await page.locator('.ant-segmented-item', { hasText: 'EN' }).first().click();
    await page.getByText('My roles').waitFor();
    await screenshot(page, 'console-overview-en');
    await page.locator('.ant-segmented-item', { hasText: '中文' }).first().click();
    await page.getByText('我的岗位').waitFor();

    await page.getByRole('button', { name: '退出登录' }).click();
    await page.getByRole('button', { name: /^登\s*录$/ }).waitFor();
    assert.equal((await (await page.request.get(`${env.server.url}/api/me`)).status()), 401);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('a grid worker on a phone lands on 网格通 with their grid', async () => {
    const { page, context, errors } = await openPage(env.browser, PHONE);
    await login(page, env.server.url, 'worker.demo');
    await page.getByRole('heading', { name: '我的网格' }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/field');
    await page.getByText('网格概况').first().waitFor();
    await page.getByText('香铺营第1网格').first().waitFor();
    await page.locator('.leaflet-container').waitFor();
    // The layout fits a phone: nothing scrolls sideways.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `page is ${overflow}px wider than the phone`);
    await screenshot(page, 'field-grid');

    await page.getByRole('button', { name: '编辑' }).click();
    await page.getByRole('spinbutton', { name: /户数/ }).fill('321');
    await page.getByRole('button', { name: /^保\s*存$/ }).click();
    await page.getByText('网格概况已保存').waitFor();
    await page.getByText('321').first().waitFor();

    await page.getByRole('button', { name: '我的', exact: true }).click();
    await page.getByText('网格员').first().waitFor();
    await screenshot(page, 'field-me');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('the public portal needs no login and finds the grid for a place', async () => {
    const { page, context, errors } = await openPage(env.browser, PHONE);
    await page.goto(`${env.server.url}/public`);
    await page.getByRole('heading', { name: '有事找网格' }).waitFor();
    await screenshot(page, 'public-home');

    // A point inside the worker's demo grid, taken from the grid's own polygon.
    const lookup = await page.request.post(`${env.server.url}/api/auth/login`, { data: { username: 'worker.demo', password: DEMO_PASSWORD } });
    assert.equal(lookup.status(), 200);
    const node = await (await page.request.get(`${env.server.url}/api/territory/nodes/320102003001001`)).json();
    await page.request.post(`${env.server.url}/api/auth/logout`, { data: {} });
    const lat = (node.bbox.minLat + node.bbox.maxLat) / 2;
    const lng = (node.bbox.minLng + node.bbox.maxLng) / 2;

    await page.goto(`${env.server.url}/public/locate`);
    await page.getByRole('spinbutton', { name: /纬度/ }).fill(String(lat));
    await page.getByRole('spinbutton', { name: /经度/ }).fill(String(lng));
    await page.getByRole('button', { name: /^查\s*询$/ }).click();
    await page.getByText('服务该地点的是').waitFor();
    await screenshot(page, 'public-locate');
    assert.deepEqual(errors, []);
    await context.close();
  });
});
