/**
 * The quorum package's own folder and version. The CLI runs from src/cli (tests, tsx) or bundled
 * into dist/cli, so a module's depth below the package differs: the folder is found by walking up to
 * quorum's package.json rather than by a fixed number of `..`.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

interface PackageManifest {
  root: string;
  version: string;
}

let found: PackageManifest | undefined;

export function packageManifest(): PackageManifest {
  if (found !== undefined) return found;
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (existsSync(file)) {
      const manifest = JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown; version?: unknown };
      if (manifest.name === 'quorum') return (found = { root: dir, version: String(manifest.version) });
    }
    if (path.dirname(dir) === dir) throw new Error(`quorum cannot find its own package.json above ${fileURLToPath(import.meta.url)}`);
  }
}
