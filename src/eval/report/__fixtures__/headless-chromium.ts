/**
 * Opens a page in Debian's headless Chromium and talks to it over the DevTools protocol on a pipe
 * (fds 3 and 4, NUL-separated JSON — no WebSocket or extra package needed): collects every console
 * error, exception and failed load, evaluates an expression, and takes a full-page PNG screenshot.
 * Tests never install software: `.ci/run` installs `chromium`, and without it a visit fails.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';

export const CHROMIUM = '/usr/bin/chromium';

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

export interface VisitOptions {
  /** Viewport width in CSS pixels; the screenshot is the whole page at this width. Default 1200. */
  width?: number;
  /** Screenshot only the top of the page, this many CSS pixels (default: the whole page). */
  height?: number;
  /** The browser to run (default Debian's). */
  browser?: string;
}

/** Loads `url`, waits for the load event, evaluates `expression` (returned by value) and screenshots the page. */
export async function visitPage<T>(url: string, expression: string, options: VisitOptions = {}): Promise<PageVisit<T>> {
  const browserPath = options.browser ?? CHROMIUM;
  if (!existsSync(browserPath)) {
    throw new Error(`no browser at ${browserPath}: install Debian's chromium with "apt-get install --no-install-recommends chromium" (.ci/run does)`);
  }
  const width = options.width ?? 1200;
  const profile = mkdtempSync(path.join(os.tmpdir(), 'quorum-chromium-'));
  const browser = spawn(
    browserPath,
    ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--remote-debugging-pipe', `--user-data-dir=${profile}`, `--window-size=${width},900`],
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
    await send('Emulation.setDeviceMetricsOverride', { width, height: 900, deviceScaleFactor: 1, mobile: false }, session);
    await send('Page.navigate', { url }, session);
    await loaded;
    const evaluated = await send('Runtime.evaluate', { expression, returnByValue: true }, session);
    const value = (evaluated.result?.['result'] as { value: T } | undefined)?.value as T;
    const metrics = await send('Page.getLayoutMetrics', {}, session);
    const size = metrics.result?.['cssContentSize'] as { width: number; height: number };
    // The page as a reader at this width sees it: anything wider than the viewport is cut off, as on screen.
    const clip = { x: 0, y: 0, width, height: Math.min(size.height, options.height ?? size.height), scale: 1 };
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
