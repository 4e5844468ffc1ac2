/**
 * The app on a real socket (@hono/node-server), and the way it stops: refuse new requests, let the
 * ones in flight finish until a deadline, then abort them (each still answers from the samples it
 * has), and close every connection.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import type { ServeApp } from './app.js';
import { realTimer, type Timer } from './timer.js';

export interface ListeningServer {
  /** e.g. `http://127.0.0.1:41234` */
  readonly url: string;
  readonly port: number;
  /** Drains: waits for requests in flight up to `deadlineMs`, then aborts them; resolves once all connections are closed. */
  shutdown(deadlineMs: number): Promise<{ aborted: number }>;
}

export async function listen(app: ServeApp, host: string, port: number, timer: Timer = realTimer): Promise<ListeningServer> {
  const server = createAdaptorServer({ fetch: app.fetch, overrideGlobalObjects: false }) as Server;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let stopping: Promise<{ aborted: number }> | undefined;
  return {
    url: `http://${shownHost}:${address.port}`,
    port: address.port,
    shutdown(deadlineMs) {
      stopping ??= (async () => {
        app.stopAccepting();
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        let aborted = 0;
        const cancel = timer(deadlineMs, () => {
          aborted = app.inFlight;
          app.abortAll();
        });
        await app.idle();
        cancel();
        server.closeAllConnections();
        await closed;
        return { aborted };
      })();
      return stopping;
    },
  };
}
