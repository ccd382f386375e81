import { describe, expect, it } from 'vitest';
import {
  ExecutionGate,
  SATURATED_ABOVE,
  SPARE_BELOW,
  takePlace,
} from '../../../../gateway/src/request/execution-gate.js';
import { waitUntil } from '../../../helpers/wait-until.js';

/** A gate whose loop readings come from the test (`adjust` is called by hand). */
function gate(minConcurrent: number, maxConcurrent: number): ExecutionGate {
  return new ExecutionGate({ minConcurrent, maxConcurrent }, () => 0.5);
}

/** Takes a place; the returned array records the order places were granted in. */
function enterAll(subject: ExecutionGate, count: number): { granted: number[] } {
  const granted: number[] = [];
  for (let index = 0; index < count; index += 1) {
    const entered = subject.enter();
    if (entered === true) granted.push(index);
    else void entered.then(() => granted.push(index));
  }
  return { granted };
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('ExecutionGate', () => {
  it('lets the limit in at once and the rest wait, first come first served', async () => {
    const subject = gate(2, 10);
    const { granted } = enterAll(subject, 5);
    expect(granted).toEqual([0, 1]);
    expect([subject.executing, subject.queued]).toEqual([2, 3]);

    subject.leave();
    await turn();
    expect(granted).toEqual([0, 1, 2]);
    subject.leave();
    subject.leave();
    await turn();
    expect(granted).toEqual([0, 1, 2, 3, 4]);
    expect([subject.executing, subject.queued]).toEqual([2, 0]);
    subject.close();
  });

  it('never lets a newcomer pass operations that wait', async () => {
    const subject = gate(1, 1);
    expect(subject.enter()).toBe(true);
    const waiting = subject.enter();
    subject.leave();
    // The place just given back went to the waiting operation, so a newcomer waits too.
    expect(subject.enter()).not.toBe(true);
    await expect(waiting).resolves.toBe(true);
    subject.close();
  });

  it('grows the limit by a quarter while operations wait and the loop has time to spare', async () => {
    const subject = gate(4, 6);
    const { granted } = enterAll(subject, 8);
    subject.adjust(SPARE_BELOW - 0.1);
    expect(subject.limit).toBe(5);
    await turn();
    expect(granted).toHaveLength(5);
    subject.adjust(0.1);
    expect(subject.limit).toBe(6); // the ceiling
    subject.adjust(0.1);
    expect(subject.limit).toBe(6);
    subject.close();
  });

  it('keeps the limit while nobody waits, however idle the loop', () => {
    const subject = gate(4, 100);
    enterAll(subject, 3);
    subject.adjust(0);
    expect(subject.limit).toBe(4);
    subject.close();
  });

  it('shrinks the limit by an eighth while the loop is saturated, down to the floor', () => {
    const subject = gate(4, 100);
    enterAll(subject, 20);
    for (const expected of [5, 7, 9, 12]) {
      subject.adjust(SPARE_BELOW - 0.1);
      expect(subject.limit).toBe(expected);
    }
    subject.adjust(SATURATED_ABOVE + 0.01);
    expect(subject.limit).toBe(10);
    for (let window = 0; window < 20; window += 1) subject.adjust(1);
    expect(subject.limit).toBe(4);
    subject.close();
  });

  it('holds the limit between spare and saturated', () => {
    const subject = gate(4, 100);
    enterAll(subject, 10);
    subject.adjust((SPARE_BELOW + SATURATED_ABOVE) / 2);
    expect(subject.limit).toBe(4);
    subject.close();
  });

  it('adjusts on its own while operations wait, from the loop readings', async () => {
    const subject = new ExecutionGate({ minConcurrent: 1, maxConcurrent: 50 }, () => 0);
    const { granted } = enterAll(subject, 4);
    expect(granted).toEqual([0]);
    // Every window of an idle loop with operations waiting grows the limit, so all get in.
    await waitUntil(
      async () => granted.length,
      (count) => count === 4,
      { timeoutMs: 10_000, intervalMs: 20, what: 'every operation to get a place' },
    );
    expect(granted).toEqual([0, 1, 2, 3]);
    expect(subject.limit).toBeGreaterThanOrEqual(4);
    subject.close();
  });
});

describe('takePlace', () => {
  it('gives its place back once, however often it is released', async () => {
    const subject = gate(1, 1);
    const place = await takePlace(subject);
    const next = takePlace(subject);
    place.release();
    place.release();
    await next;
    expect([subject.executing, subject.queued]).toEqual([1, 0]);
    subject.close();
  });

  it('takes no place without a gate', async () => {
    const place = await takePlace(undefined);
    expect(() => place.release()).not.toThrow();
  });
});
