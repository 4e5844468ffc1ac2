/**
 * The base URL of a port on 127.0.0.1 where nothing listens, so every request is refused. The port is
 * below the system's ephemeral range: servers that tests start on port 0 get ephemeral ports, so none
 * of them can come alive at this address while a test expects it to be dead.
 */
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';

function firstEphemeralPort(): number {
  try {
    return Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]) || 32768;
  } catch {
    return 32768;
  }
}

const refused = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
  });

export async function deadBaseURL(): Promise<string> {
  const below = Math.min(firstEphemeralPort(), 65_536);
  const lowest = Math.max(1024, below - 20_000);
  if (below <= lowest) throw new Error(`the ephemeral port range starts at ${below}: no unprivileged port lies below it`);
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = lowest + Math.floor(Math.random() * (below - lowest));
    if (await refused(port)) return `http://127.0.0.1:${port}/v1`;
  }
  throw new Error('no refused port found on 127.0.0.1 below the ephemeral range');
}
