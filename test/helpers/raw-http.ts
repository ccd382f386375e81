import { connect, type Socket } from 'node:net';

/** A request whose head was sent but not finished: the server holds it as started, not idle. */
export interface PartialRequest {
  /** Sends the blank line that ends the head, and resolves to the status and headers answered. */
  finish(): Promise<{ status: number; headers: Record<string, string> }>;
}

/**
 * Opens a connection to 127.0.0.1:`port` and sends `GET path` without the blank line that ends the
 * head. A server that stops accepting keeps serving such a request, as it would for a load
 * balancer's probe already under way, so a test can ask through it while the server drains.
 */
export async function openPartialRequest(port: number, path: string): Promise<PartialRequest> {
  const socket = await connected(port);
  let received = '';
  const answered = new Promise<string>((resolve, reject) => {
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
    });
    socket.on('close', () => resolve(received));
    socket.on('error', reject);
  });
  // A request the server cuts and nobody finishes must not fail the test run as unhandled.
  answered.catch(() => undefined);
  socket.write(`GET ${path} HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\n`);
  return {
    async finish() {
      socket.write('\r\n');
      const raw = await answered;
      const [head = ''] = raw.split('\r\n\r\n');
      const [statusLine = '', ...lines] = head.split('\r\n');
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(statusLine)?.[1]);
      if (!Number.isInteger(status)) throw new Error(`Not an HTTP answer: ${JSON.stringify(raw)}`);
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const colon = line.indexOf(':');
        headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      return { status, headers };
    },
  };
}

/** Whether a new connection to 127.0.0.1:`port` is refused (nothing listens there). */
export async function connectionRefused(port: number): Promise<boolean> {
  try {
    const socket = await connected(port);
    socket.destroy();
    return false;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ECONNREFUSED') return true;
    throw error;
  }
}

function connected(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.off('error', reject);
      resolve(socket);
    });
    socket.once('error', reject);
  });
}
