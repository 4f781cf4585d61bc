import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before } from 'node:test';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** End-to-end harness: the real server as a child process, Debian Chromium driven by playwright-core. */

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const ARTIFACTS = path.join(ROOT, 'artifacts', 'e2e');
/** Given to every server the harness starts (WANGGE_DEMO_PASSWORD): the demo has no built-in password. */
export const DEMO_PASSWORD = 'e2e-demo-password';

/** Build web/dist when it is missing or older than the web sources (same check as `npm start`). */
export async function ensureWebBuilt(): Promise<void> {
  const mod = (await import(path.join(ROOT, 'scripts', 'build-web.mjs'))) as { webIsStale(): boolean; buildWeb(o: { quiet: boolean }): Promise<void> };
  if (mod.webIsStale()) await mod.buildWeb({ quiet: true });
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export interface RunningServer {
  url: string;
  dataDir: string;
  output: () => string;
  stop: () => Promise<void>;
}

/**
 * Start `node cli/bin.mjs serve` on a free port with a fresh data dir (the demo city is built on
 * first start with WANGGE_DEMO=city: the city without its activity, so tests start from no cases) and wait until /api/health answers.
 */
export async function startServer(env: Record<string, string> = {}): Promise<RunningServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wangge-e2e-'));
  const port = await freePort();
  let out = '';
  const child: ChildProcess = spawn(process.execPath, [path.join(ROOT, 'cli', 'bin.mjs'), 'serve'], {
    cwd: ROOT,
    env: { ...process.env, WANGGE_DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', WANGGE_DEMO: 'city', WANGGE_DEMO_PASSWORD: DEMO_PASSWORD, LOG_LEVEL: 'warn', DATABASE_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${out}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server did not start within 120 s:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    dataDir,
    output: () => out,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Launch Debian Chromium (WANGGE_CHROMIUM, else /usr/bin/chromium) headless with a fresh profile. */
export async function launchBrowser(): Promise<Browser> {
  const executablePath = process.env['WANGGE_CHROMIUM'] || '/usr/bin/chromium';
  // playwright-core gives every launch its own temporary --user-data-dir, so each run starts fresh.
  return chromium.launch({
    executablePath,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
export const DESKTOP = { viewport: { width: 1440, height: 900 } };

/** A page that records console errors and failed page errors; check `errors` at the end. */
export async function openPage(browser: Browser, options: Parameters<Browser['newContext']>[0] = DESKTOP): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', ...options });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console: ${msg.text()} (${msg.location().url})`);
  });
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  return { context, page, errors };
}

/** Save a full-page screenshot to artifacts/e2e/<name>.png (git-ignored). */
export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** A small real PNG (160×120) drawn by the page's canvas: decodable, so the server's type sniffing accepts it. */
export async function drawnPng(page: Page, text: string, background = '#8fb3d9'): Promise<Buffer> {
  const b64 = await page.evaluate(
    ([label, fill]) => {
      const c = document.createElement('canvas');
      c.width = 160;
      c.height = 120;
      const g = c.getContext('2d')!;
      g.fillStyle = fill;
      g.fillRect(0, 0, 160, 120);
      g.fillStyle = '#102a43';
      g.font = '20px sans-serif';
      g.fillText(label, 12, 64);
      return c.toDataURL('image/png').split(',')[1]!;
    },
    [text, background] as const,
  );
  return Buffer.from(b64, 'base64');
}

/** Sign in through the login form, as a person would. */
export async function login(page: Page, baseUrl: string, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByRole('textbox', { name: '用户名' }).fill(username);
  const pw = page.getByLabel('密码', { exact: true });
  await pw.fill(password);
  await pw.press('Enter');
}

/** What one end-to-end suite runs against: the real server (demo city) and one Chromium. */
export interface E2eEnvironment {
  server: RunningServer;
  browser: Browser;
}

/**
 * Register the suite's before/after hooks: build the client if stale, start the server, launch
 * Chromium; stop both afterwards. Call inside describe(); the fields are set once before() has run.
 */
export function useE2eEnvironment(): E2eEnvironment {
  const env = {} as E2eEnvironment;
  before(async () => {
    await ensureWebBuilt();
    env.server = await startServer();
    env.browser = await launchBrowser();
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.stop();
  });
  return env;
}
