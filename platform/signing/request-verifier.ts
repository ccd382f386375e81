import { parseSignature, type SignedParts, signatureMatches } from './request-signature.js';

/** Remembers the nonces of accepted requests, so a replayed request is refused. */
export interface NonceStore {
  /** Records `nonce` for `ttlMs`; false when it was recorded already (a replay). */
  claim(nonce: string, ttlMs: number): Promise<boolean>;
}

/** How signed requests are checked. */
export interface VerifierSettings {
  /** Accepted secrets: the current one first, then the previous one while keys rotate. */
  secrets: readonly string[];
  /** Largest distance between a request's timestamp and this server's clock, either way. */
  windowMs: number;
  /** Where nonces are remembered; without one a replay inside the window is not detected. */
  nonces?: NonceStore;
  now?: () => number;
}

/** A request's verdict: accepted, or refused with the HTTP status to answer and why. */
export type Verdict = { ok: true } | { ok: false; status: 401 | 503; reason: string };

/**
 * Checks the signature header of an incoming request (see SIGNATURE_HEADER): well-formed, its
 * timestamp inside the window, its HMAC made with one of the accepted secrets over this very
 * method, target and body, and, when a nonce store is configured, never seen before. The nonce is
 * claimed only once the HMAC matches, so forged requests cannot use up nonces.
 */
export class RequestVerifier {
  readonly #now: () => number;

  constructor(private readonly settings: VerifierSettings) {
    if (settings.secrets.length === 0) throw new RangeError('RequestVerifier needs at least one secret.');
    this.#now = settings.now ?? Date.now;
  }

  /** Whether a request whose signature header is `header` may be served. */
  async verify(parts: SignedParts, header: string | string[] | undefined): Promise<Verdict> {
    const signature = parseSignature(header);
    if (typeof signature === 'string') return refused(signature);
    const { windowMs } = this.settings;
    const skew = signature.timestamp - this.#now();
    if (Math.abs(skew) > windowMs) {
      const side = skew > 0 ? 'ahead of' : 'behind';
      return refused(
        `the signature's timestamp is ${Math.round(Math.abs(skew) / 1000)} s ${side} this server's clock; at most ${windowMs / 1000} s are accepted`,
      );
    }
    if (!this.settings.secrets.some((secret) => signatureMatches(parts, signature, secret)))
      return refused('the signature does not match (another secret, or the method, target or body changed)');
    if (!this.settings.nonces) return { ok: true };
    let fresh: boolean;
    try {
      // Remembered for two windows: as long as either clock could still accept the timestamp.
      fresh = await this.settings.nonces.claim(signature.nonce, 2 * windowMs);
    } catch {
      return { ok: false, status: 503, reason: 'the replay check cannot reach its store; try again shortly' };
    }
    return fresh ? { ok: true } : refused('the request was already served once (a replay)');
  }
}

function refused(reason: string): Verdict {
  return { ok: false, status: 401, reason };
}
