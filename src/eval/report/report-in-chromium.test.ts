/**
 * The HTML report as a reader sees it: rendered by headless Chromium from a file URL with no network,
 * at a laptop's 1280 px: every chart drawn, every table within the width, every column headed,
 * nothing logged as an error, and a screenshot kept under test-output/report/. Without a browser
 * these tests fail: .ci/run installs Debian's chromium, tests never do.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { TEST_OUTPUT_DIR, sharedPath } from '../../../test/shared.js';
import { run } from '../../cli/commands/report.js';
import { visitPage } from './__fixtures__/headless-chromium.js';

const OUT = path.join(TEST_OUTPUT_DIR, 'report');
const WIDTH = 1280;

interface Layout {
  charts: { id: string; paths: number }[];
  /** Right edge of every table, and the page's scroll width: nothing may pass the viewport. */
  tableRights: number[];
  scrollWidth: number;
  emptyHeaders: number;
  summaryTables: number;
}

const LAYOUT = `(() => ({
  charts: [...document.querySelectorAll('figure')].map((f) => ({
    id: f.id,
    paths: [...f.querySelectorAll('svg path')].filter((p) => (p.getAttribute('d') || '').trim().length > 1).length,
  })),
  tableRights: [...document.querySelectorAll('table')].map((t) => t.getBoundingClientRect().right),
  scrollWidth: document.documentElement.scrollWidth,
  emptyHeaders: [...document.querySelectorAll('th')].filter((th) => th.textContent.trim() === '').length,
  summaryTables: document.querySelectorAll('table.summary').length,
}))()`;

const silent = { write: () => true };

describe('HTML report in headless Chromium', () => {
  beforeAll(() => {
    mkdirSync(OUT, { recursive: true });
  });

  it('fits 1280 px with every chart drawn and every column headed, logs no error, and is screenshotted', async () => {
    // The toy-arith recording has logprobs, so every answer-level strategy and every stop rule gets a row.
    const html = path.join(OUT, 'toy-arith-dev.html');
    const code = await run([sharedPath('models', 'toy-arith', 'dev-samples.jsonl'), '--out', html, '--n', '1,4,16', '--seeds', '2', '--quiet'], { stdout: silent, stderr: silent });
    expect(code).toBe(0);
    const page = readFileSync(html, 'utf8');
    for (const series of ['majority', 'weighted', 'rpc', 'majority + esc(', 'majority + beta(', 'majority + dirichlet(', 'majority + auto']) {
      expect(page).toContain(`>${series}`);
    }
    const visit = await visitPage<Layout>(pathToFileURL(html).href, LAYOUT, { width: WIDTH });
    writeFileSync(path.join(OUT, `toy-arith-dev-${WIDTH}.png`), visit.png);
    expect(visit.errors).toEqual([]);
    expect(visit.value.charts.map((chart) => chart.id)).toEqual(['accuracy-samples', 'accuracy-tokens', 'coverage', 'reliability', 'risk-coverage']);
    for (const chart of visit.value.charts) expect(chart.paths, chart.id).toBeGreaterThan(0);
    expect(visit.value.summaryTables).toBe(2);
    expect(Math.max(...visit.value.tableRights)).toBeLessThanOrEqual(WIDTH);
    expect(visit.value.scrollWidth).toBeLessThanOrEqual(WIDTH);
    expect(visit.value.emptyHeaders).toBe(0);
    // A PNG as wide as the screen, and a page taller than one screen (the drill-down is there).
    expect(visit.png.subarray(1, 4).toString()).toBe('PNG');
    expect(visit.png.readUInt32BE(16)).toBe(WIDTH);
    expect(visit.png.readUInt32BE(20)).toBeGreaterThan(900);
  });

  it('would notice a broken page: console errors, exceptions and failed loads are reported', async () => {
    const broken = path.join(OUT, 'broken-page.html');
    writeFileSync(broken, '<!doctype html><img src="missing.png"><script>console.error("drawn wrong"); undefinedFunction();</script>');
    const visit = await visitPage<number>(pathToFileURL(broken).href, 'document.querySelectorAll("svg path").length');
    expect(visit.value).toBe(0);
    expect(visit.errors.join('\n')).toMatch(/drawn wrong/);
    expect(visit.errors.join('\n')).toMatch(/undefinedFunction/);
    expect(visit.errors.join('\n')).toMatch(/missing\.png/);
  });

  it('fails, and says how to install it, when there is no browser', async () => {
    await expect(visitPage('about:blank', '1', { browser: path.join(OUT, 'no-such-chromium') })).rejects.toThrow(
      /no browser at .*no-such-chromium: install Debian's chromium with "apt-get install --no-install-recommends chromium"/,
    );
  });
});
