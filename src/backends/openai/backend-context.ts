/** What one backend instance shares across its calls: options, the HTTP client, and what it learned about the server. */
import type { HttpClient } from './http-client.js';
import type { NSupport } from './n-support.js';
import type { ResolvedOptions } from './options.js';

export interface BackendContext {
  options: ResolvedOptions;
  http: HttpClient;
  nSupport: NSupport;
  /** Cleared once the server rejects `stream_options`. */
  streamUsage: { ask: boolean };
}
