import type { Dispatcher } from 'undici';
import { SIGNATURE_HEADER, signRequest } from '../../../platform/signing/request-signature.js';

/**
 * An undici interceptor that signs every request dispatched through it with `secret`: it adds
 * `x-hexagraph-signature` (see platform/signing/request-signature.ts) over the method, the target
 * and the exact body bytes about to be sent, at dispatch time, so each retry carries a fresh
 * timestamp and nonce. A body that is not in memory (a stream) cannot be signed and is refused.
 */
export function signingInterceptor(secret: string): Dispatcher.DispatcherComposeInterceptor {
  return (dispatch) => (options, handler) => {
    const body = options.body ?? '';
    if (typeof body !== 'string' && !(body instanceof Uint8Array))
      throw new TypeError(
        `Cannot sign a ${options.method} ${options.path} whose body is not a string or bytes.`,
      );
    const signature = signRequest({ method: options.method, path: options.path, body }, secret);
    return dispatch(
      { ...options, headers: withHeader(options.headers, SIGNATURE_HEADER, signature) },
      handler,
    );
  };
}

function withHeader(headers: Dispatcher.DispatchOptions['headers'], name: string, value: string) {
  if (headers === undefined || headers === null) return { [name]: value };
  if (Array.isArray(headers)) return [...headers, name, value];
  if (isIterable(headers)) return [...headers, [name, value] as [string, string]];
  return { ...headers, [name]: value };
}

function isIterable(value: object): value is Iterable<[string, string | string[] | undefined]> {
  return Symbol.iterator in value;
}
