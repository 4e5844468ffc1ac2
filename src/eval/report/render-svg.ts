/**
 * A vega-lite spec rendered to static SVG on the server: no DOM, no canvas, no script in the page.
 * vega and vega-lite are optional peers, imported on first use, with an error naming the install
 * command when they are missing.
 */
import type { TopLevelSpec } from 'vega-lite';
import { QuorumError } from '../../core/errors.js';

export const VEGA_MISSING =
  'HTML reports draw their charts with vega and vega-lite, optional peer dependencies of quorum that are not installed: run "npm install vega vega-lite", or write --format md or json';

async function chartLibraries(): Promise<{ vega: typeof import('vega'); compile: (typeof import('vega-lite'))['compile'] }> {
  try {
    const [vega, vegaLite] = await Promise.all([import('vega'), import('vega-lite')]);
    return { vega, compile: vegaLite.compile };
  } catch (cause) {
    if ((cause as { code?: unknown }).code === 'ERR_MODULE_NOT_FOUND') throw new QuorumError(VEGA_MISSING, { cause });
    throw cause;
  }
}

export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const { vega, compile } = await chartLibraries();
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
