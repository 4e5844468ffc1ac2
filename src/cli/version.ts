/** The package's version, from its package.json. */
import { packageManifest } from './package-root.js';

export const packageVersion = (): string => packageManifest().version;
