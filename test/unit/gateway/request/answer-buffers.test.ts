import { describe, expect, it } from 'vitest';
import { AnswerBuffers } from '../../../../gateway/src/request/answer-buffers.js';

const limits = { minBytes: 1_024, maxBytes: 65_536, maxIdleBytes: 131_072 };

describe('buffers answers are encoded into', () => {
  it('leases a buffer of the next power of two, and none outside the pooled sizes', () => {
    const buffers = new AnswerBuffers(limits);
    expect(buffers.lease(1_024)?.length).toBe(1_024);
    expect(buffers.lease(1_025)?.length).toBe(2_048);
    expect(buffers.lease(40_000)?.length).toBe(65_536);
    expect(buffers.lease(1_023)).toBeUndefined();
    expect(buffers.lease(65_537)).toBeUndefined();
  });

  it('hands a released buffer out again, to an answer of its size class only', () => {
    const buffers = new AnswerBuffers(limits);
    const first = buffers.lease(3_000) as Buffer;
    buffers.release(first);
    expect(buffers.lease(5_000)).not.toBe(first);
    expect(buffers.lease(2_500)).toBe(first);
    expect(buffers.lease(2_500)).not.toBe(first);
  });

  it('never hands out a buffer that is still leased', () => {
    const buffers = new AnswerBuffers(limits);
    const leased = Array.from({ length: 8 }, () => buffers.lease(4_000) as Buffer);
    expect(new Set(leased.map((buffer) => buffer.buffer)).size).toBe(8);
    const [returned] = leased.splice(3, 1) as [Buffer];
    buffers.release(returned);
    const next = buffers.lease(4_000) as Buffer;
    expect(next).toBe(returned);
    expect(leased.some((buffer) => buffer.buffer === next.buffer)).toBe(false);
  });

  it('keeps at most maxIdleBytes waiting for reuse', () => {
    const buffers = new AnswerBuffers(limits);
    const leased = Array.from({ length: 3 }, () => buffers.lease(65_536) as Buffer);
    for (const buffer of leased) buffers.release(buffer);
    expect(buffers.lease(65_536)).toBe(leased[1]);
    expect(buffers.lease(65_536)).toBe(leased[0]);
    expect(leased).not.toContain(buffers.lease(65_536));
  });
});
