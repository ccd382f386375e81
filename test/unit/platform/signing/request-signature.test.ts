import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  parseSignature,
  SIGNATURE_HEADER,
  signatureMatches,
  signRequest,
} from '../../../../platform/signing/request-signature.js';
import { type NonceStore, RequestVerifier } from '../../../../platform/signing/request-verifier.js';

const SECRET = 's'.repeat(40);
const PREVIOUS = 'p'.repeat(40);
const NOW = 1_767_225_600_000;
const request = { method: 'POST', path: '/graphql', body: '{"query":"{ __typename }"}' };

/** Nonces in a Set: what the Redis store does, without Redis. */
function memoryNonces(): NonceStore & { claimed: Map<string, number> } {
  const claimed = new Map<string, number>();
  return {
    claimed,
    async claim(nonce, ttlMs) {
      if (claimed.has(nonce)) return false;
      claimed.set(nonce, ttlMs);
      return true;
    },
  };
}

function verifier(overrides: Partial<ConstructorParameters<typeof RequestVerifier>[0]> = {}) {
  return new RequestVerifier({ secrets: [SECRET], windowMs: 30_000, now: () => NOW, ...overrides });
}

describe('signRequest', () => {
  it('writes t, n and v1: the HMAC-SHA256 of method, target, body hash, timestamp and nonce', () => {
    const header = signRequest(request, SECRET, NOW, 'nonce-0123456789abcdef');

    const bodyHash = createHash('sha256').update(request.body).digest('hex');
    const expected = createHmac('sha256', SECRET)
      .update(`POST\n/graphql\n${bodyHash}\n${NOW}\nnonce-0123456789abcdef`)
      .digest('hex');
    expect(header).toBe(`t=${NOW},n=nonce-0123456789abcdef,v1=${expected}`);
  });

  it('gives two signatures of the same request different nonces', () => {
    const [first, second] = [signRequest(request, SECRET, NOW), signRequest(request, SECRET, NOW)];

    expect(first).not.toBe(second);
    expect(parseSignature(first)).toMatchObject({ timestamp: NOW });
  });
});

describe('parseSignature', () => {
  it.each([
    [undefined, /x-hexagraph-signature header is missing/],
    [['t=1,n=aaaaaaaaaaaaaaaa,v1=00', 't=2'], /sent more than once/],
    ['v1=abc', /malformed/],
    [`t=${NOW},n=short,v1=${'0'.repeat(64)}`, /malformed/],
    [`t=${NOW},n=${'a'.repeat(16)},v1=${'0'.repeat(63)}`, /malformed/],
    [`t=${NOW},t=${NOW},n=${'a'.repeat(16)},v1=${'0'.repeat(64)}`, /malformed/],
    [`t=soon,n=${'a'.repeat(16)},v1=${'0'.repeat(64)}`, /malformed/],
  ])('says what is wrong with %j', (header, reason) => {
    expect(parseSignature(header)).toMatch(reason);
  });
});

describe('RequestVerifier', () => {
  it('accepts a request signed with its secret inside the window', async () => {
    await expect(verifier().verify(request, signRequest(request, SECRET, NOW - 29_000))).resolves.toEqual({
      ok: true,
    });
  });

  it.each([
    ['the method', { ...request, method: 'GET' }],
    ['the target', { ...request, path: '/graphql?debug=1' }],
    ['the body', { ...request, body: '{"query":"{ products(first: 100) { id } }"}' }],
  ])('refuses a signature when %s changed on the way', async (_, received) => {
    const verdict = await verifier().verify(received, signRequest(request, SECRET, NOW));

    expect(verdict).toEqual({ ok: false, status: 401, reason: expect.stringMatching(/does not match/) });
  });

  it('refuses a signature made with another secret', async () => {
    const verdict = await verifier().verify(request, signRequest(request, 'x'.repeat(40), NOW));

    expect(verdict).toMatchObject({ ok: false, status: 401 });
  });

  it('refuses a missing signature, naming the header', async () => {
    const verdict = await verifier().verify(request, undefined);

    expect(verdict).toEqual({ ok: false, status: 401, reason: `the ${SIGNATURE_HEADER} header is missing` });
  });

  it.each([
    [-31_000, /31 s behind/],
    [31_000, /31 s ahead of/],
  ])('refuses a timestamp %i ms away from its clock', async (skew, reason) => {
    const verdict = await verifier().verify(request, signRequest(request, SECRET, NOW + skew));

    expect(verdict).toEqual({ ok: false, status: 401, reason: expect.stringMatching(reason) });
  });

  it('accepts the previous secret too while keys rotate', async () => {
    const rotating = verifier({ secrets: [SECRET, PREVIOUS] });

    await expect(rotating.verify(request, signRequest(request, PREVIOUS, NOW))).resolves.toEqual({
      ok: true,
    });
    await expect(rotating.verify(request, signRequest(request, SECRET, NOW))).resolves.toEqual({ ok: true });
  });

  it('refuses a replay with a nonce store, and remembers a nonce for two windows', async () => {
    const nonces = memoryNonces();
    const header = signRequest(request, SECRET, NOW);
    const checking = verifier({ nonces });

    await expect(checking.verify(request, header)).resolves.toEqual({ ok: true });
    await expect(checking.verify(request, header)).resolves.toEqual({
      ok: false,
      status: 401,
      reason: expect.stringMatching(/replay/),
    });
    expect([...nonces.claimed.values()]).toEqual([60_000]);
  });

  it('claims no nonce for a forged request', async () => {
    const nonces = memoryNonces();

    await verifier({ nonces }).verify(request, signRequest(request, 'x'.repeat(40), NOW));

    expect(nonces.claimed.size).toBe(0);
  });

  it('answers 503 when the nonce store cannot be reached', async () => {
    const broken: NonceStore = { claim: () => Promise.reject(new Error('Connection is closed.')) };

    const verdict = await verifier({ nonces: broken }).verify(request, signRequest(request, SECRET, NOW));

    expect(verdict).toMatchObject({ ok: false, status: 503 });
  });

  it('checks bytes, so a body given as bytes verifies like the same text', async () => {
    const header = signRequest(request, SECRET, NOW);

    expect(
      signatureMatches(
        { ...request, body: Buffer.from(request.body) },
        parseSignature(header) as Exclude<ReturnType<typeof parseSignature>, string>,
        SECRET,
      ),
    ).toBe(true);
  });
});
