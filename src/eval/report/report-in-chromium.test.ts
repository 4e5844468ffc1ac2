/**
 * The HTML report as a reader sees it: rendered by headless Chromium from a file URL with no network,
 * every chart drawn, nothing logged as an error, and a screenshot kept under test-output/report/.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { TEST_OUTPUT_DIR, sharedPath } from '../../../test/shared.js';
import { run } from '../../cli/commands/report.js';
import { ensureChromium, visitPage } from './__fixtures__/headless-chromium.js';

const OUT = path.join(TEST_OUTPUT_DIR, 'report');

/** Per chart: its id and how many SVG paths it drew with a non-empty `d`. */
const CHART_PATHS = `[...document.querySelectorAll('figure')].map((f) => ({
  id: f.id,
  paths: [...f.querySelectorAll('svg path')].filter((p) => (p.getAttribute('d') || '').trim().length > 1).length,
}))`;

const silent = { write: () => true };

describe('HTML report in headless Chromium', () => {
  beforeAll(() => {
    ensureChromium();
    mkdirSync(OUT, { recursive: true });
  }, 300_000);

  it('draws every chart of a report on recorded BoInf samples, logs no error, and is screenshotted', async () => {
    const html = path.join(OUT, 'boinf-aime2025-gpt-oss-20b.html');
    const code = await run([sharedPath('data', 'samples', 'boinf', 'analysis_aime2025_gpt-oss-20b.jsonl'), '--out', html, '--seeds', '10', '--quiet'], {
      stdout: silent,
      stderr: silent,
    });
    expect(code).toBe(0);
    // Every answer-level strategy the samples support, and the stop rules, each with its own line.
    const page = readFileSync(html, 'utf8');
    for (const series of ['majority', 'majority + esc(', 'majority + beta(', 'majority + dirichlet(', 'majority + auto']) {
      expect(page).toContain(`>${series}`);
    }
    const visit = await visitPage<{ id: string; paths: number }[]>(pathToFileURL(html).href, CHART_PATHS);
    writeFileSync(path.join(OUT, 'boinf-aime2025-gpt-oss-20b.png'), visit.png);
    expect(visit.errors).toEqual([]);
    expect(visit.value.map((chart) => chart.id)).toEqual(['accuracy-samples', 'accuracy-tokens', 'coverage', 'reliability', 'risk-coverage']);
    for (const chart of visit.value) expect(chart.paths, chart.id).toBeGreaterThan(0);
    // A PNG, and a page taller than one screen (the drill-down is there).
    expect(visit.png.subarray(1, 4).toString()).toBe('PNG');
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
});
