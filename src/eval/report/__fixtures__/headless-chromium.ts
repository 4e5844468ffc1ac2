/**
 * Opens a page in Debian's headless Chromium and talks to it over the DevTools protocol on a pipe
 * (fds 3 and 4, NUL-separated JSON — no WebSocket or extra package needed): collects every console
 * error, exception and failed load, evaluates an expression, and takes a full-page PNG screenshot.
 * Installs `chromium` with apt when it is missing, as CI's fresh machines lack it.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';

export const CHROMIUM = '/usr/bin/chromium';

export function ensureChromium(): void {
  if (existsSync(CHROMIUM)) return;
  for (const args of [['update', '-q'], ['install', '-y', '-q', '--no-install-recommends', 'chromium']]) {
    const result = spawnSync('apt-get', args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    if (result.status !== 0) throw new Error(`apt-get ${args.join(' ')} failed (status ${String(result.status)}); install Debian's chromium by hand`);
  }
}

export interface PageVisit<T> {
  /** Console errors, uncaught exceptions and failed requests, as text. */
  errors: string[];
  value: T;
  png: Buffer;
}

interface Message {
  id?: number;
  method?: string;
  params?: Record<string, unknown>;
  result?: Record<string, unknown>;
  error?: { message: string };
  sessionId?: string;
}

/** Loads `url`, waits for the load event, evaluates `expression` (returned by value) and screenshots the page. */
export async function visitPage<T>(url: string, expression: string): Promise<PageVisit<T>> {
  const profile = mkdtempSync(path.join(os.tmpdir(), 'quorum-chromium-'));
  const browser = spawn(
    CHROMIUM,
    ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--remote-debugging-pipe', `--user-data-dir=${profile}`, '--window-size=1200,900'],
    { stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'] },
  );
  const toBrowser = browser.stdio[3] as Writable;
  const fromBrowser = browser.stdio[4] as Readable;
  const pending = new Map<number, { resolve: (m: Message) => void; reject: (e: Error) => void }>();
  const listeners: ((m: Message) => void)[] = [];
  let nextId = 1;
  let buffered = '';
  fromBrowser.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    let end: number;
    while ((end = buffered.indexOf('\0')) >= 0) {
      const message = JSON.parse(buffered.slice(0, end)) as Message;
      buffered = buffered.slice(end + 1);
      if (message.id !== undefined) {
        const waiter = pending.get(message.id);
        pending.delete(message.id);
        if (message.error) waiter?.reject(new Error(message.error.message));
        else waiter?.resolve(message);
      } else for (const listener of listeners) listener(message);
    }
  });
  const send = (method: string, params: Record<string, unknown> = {}, sessionId?: string): Promise<Message> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      toBrowser.write(`${JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) })}\0`);
    });

  try {
    const target = await send('Target.createTarget', { url: 'about:blank' });
    const attached = await send('Target.attachToTarget', { targetId: target.result?.['targetId'], flatten: true });
    const session = attached.result?.['sessionId'] as string;
    const errors: string[] = [];
    const load: { resolve?: () => void } = {};
    const loaded = new Promise<void>((resolve) => (load.resolve = resolve));
    listeners.push((m) => {
      if (m.sessionId !== session) return;
      const p = m.params ?? {};
      if (m.method === 'Runtime.consoleAPICalled' && (p['type'] === 'error' || p['type'] === 'assert')) errors.push(`console: ${JSON.stringify(p['args'])}`);
      if (m.method === 'Runtime.exceptionThrown') errors.push(`exception: ${JSON.stringify(p['exceptionDetails'])}`);
      if (m.method === 'Log.entryAdded' && (p['entry'] as { level?: string } | undefined)?.level === 'error') errors.push(`log: ${JSON.stringify(p['entry'])}`);
      if (m.method === 'Network.loadingFailed') errors.push(`request failed: ${JSON.stringify(p)}`);
      if (m.method === 'Page.loadEventFired') load.resolve?.();
    });
    for (const domain of ['Page', 'Runtime', 'Log', 'Network']) await send(`${domain}.enable`, {}, session);
    await send('Page.navigate', { url }, session);
    await loaded;
    const evaluated = await send('Runtime.evaluate', { expression, returnByValue: true }, session);
    const value = (evaluated.result?.['result'] as { value: T } | undefined)?.value as T;
    const metrics = await send('Page.getLayoutMetrics', {}, session);
    const size = metrics.result?.['cssContentSize'] as { width: number; height: number };
    const clip = { x: 0, y: 0, width: size.width, height: size.height, scale: 1 };
    const shot = await send('Page.captureScreenshot', { format: 'png', captureBeyondViewport: true, clip }, session);
    return { errors, value, png: Buffer.from(shot.result?.['data'] as string, 'base64') };
  } finally {
    const exited = new Promise<void>((resolve) => (browser.exitCode !== null ? resolve() : browser.once('exit', () => resolve())));
    send('Browser.close').catch(() => undefined);
    // Browser.close may never be answered if the browser is already gone; do not wait for it forever.
    const killer = setTimeout(() => browser.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(killer);
    rmSync(profile, { recursive: true, force: true });
  }
}
