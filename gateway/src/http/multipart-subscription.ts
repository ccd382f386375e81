import type { ServerResponse } from 'node:http';
import { ClientStream } from '../subscriptions/client-stream.js';
import { MultipartResponse, SUBSCRIPTION_SPEC } from './multipart-response.js';

/** What a slow client gets before its connection is cut, to read the last part. */
const LAST_PART_GRACE_MS = 1_000;

/**
 * Streams a client subscription over HTTP as Apollo's multipart subscription protocol: each
 * result as `{"payload":{"data":...,"errors":[...]}}`, `{}` every `heartbeatMs` while nothing
 * else is sent, and an end that is not the subgraph's own completion as a last
 * `{"payload":null,"errors":[...]}` (SUBSCRIPTION_ENDED: shutdown, slow client, expired token,
 * or the subgraph's failure) before the closing boundary. A client with more than
 * `maxBufferedBytes` unread is ended as slow and its connection cut shortly after; one that goes
 * away ends its stream.
 */
export async function streamMultipartSubscription(
  res: ServerResponse,
  stream: ClientStream,
  settings: { heartbeatMs: number; maxBufferedBytes: number },
): Promise<void> {
  const response = new MultipartResponse(res, { spec: SUBSCRIPTION_SPEC });
  const onGone = () => void stream.return();
  response.signal.addEventListener('abort', onGone, { once: true });
  let quiet = true;
  const heartbeat = setInterval(() => {
    if (!quiet) {
      quiet = true;
      return;
    }
    if (response.pendingBytes > settings.maxBufferedBytes) return stream.stop({ reason: 'slow' });
    void response.writePart({});
  }, settings.heartbeatMs);
  try {
    // The head goes out at once, so the client knows it is subscribed before the first event.
    await response.writePart({});
    for await (const result of stream) {
      if (response.pendingBytes > settings.maxBufferedBytes) {
        stream.stop({ reason: 'slow' });
        break;
      }
      quiet = false;
      void response.writePart({ payload: result });
    }
    const end = await stream.ended;
    if (response.closed) return;
    const errors = ClientStream.finalErrors(end, stream.subgraph);
    if (errors) void response.writePart({ payload: null, errors });
    response.end();
    if (end.reason === 'slow') {
      setTimeout(() => {
        if (!res.writableFinished) res.destroy();
      }, LAST_PART_GRACE_MS).unref();
    }
  } finally {
    clearInterval(heartbeat);
    response.signal.removeEventListener('abort', onGone);
  }
}
