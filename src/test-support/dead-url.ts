/** The base URL of a port on 127.0.0.1 that was free a moment ago: nothing listens there, so every request is refused. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export async function deadBaseURL(): Promise<string> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(probe.address() as AddressInfo).port}/v1`;
  await new Promise((resolve) => probe.close(resolve));
  return url;
}
