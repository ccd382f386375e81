import { performance } from 'node:perf_hooks';

/** How many operations the gate lets execute at once. */
export interface ExecutionGateSettings {
  /** The limit never falls below this: that many operations can always execute at once. */
  readonly minConcurrent: number;
  /** The limit never rises above this. */
  readonly maxConcurrent: number;
}

/** The main thread's busy share (0-1) since the previous reading. */
export type UtilizationProbe = () => number;

/** Below this busy share the loop had time to spare while operations waited: too few ran. */
export const SPARE_BELOW = 0.9;
/** Above this the loop is saturated: more operations at once would only wait inside it. */
export const SATURATED_ABOVE = 0.97;
/** How often the limit is adjusted while it matters. */
const WINDOW_MS = 100;

/**
 * Bounds how many operations execute at once, with a limit that follows the event loop.
 *
 * An operation's data lives from its first subgraph answer until its response is written. When
 * more operations run than the one thread can serve, each waits in the event loop behind the
 * others' work, and its data outlives young-generation collections: each copies it, then it is
 * promoted, and only a full collection frees it. Starting an operation only when the thread can
 * serve it keeps that data young, and it dies before it is ever copied; the operations that wait
 * hold only their request.
 *
 * The limit starts at `minConcurrent`. After each window in which operations waited while the
 * loop still had time to spare (everyone is waiting on slow subgraphs), it grows by a quarter,
 * up to `maxConcurrent`; after each window in which the loop was saturated, it shrinks by an
 * eighth, down to `minConcurrent`. Waiting operations start first come, first served.
 */
export class ExecutionGate {
  private current: number;
  private active = 0;
  private readonly waiting: ((entered: true) => void)[] = [];
  private waitedInWindow = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly settings: ExecutionGateSettings,
    private readonly utilization: UtilizationProbe = eventLoopUtilization(),
  ) {
    this.current = settings.minConcurrent;
  }

  /** Operations allowed to execute at once right now. */
  get limit(): number {
    return this.current;
  }

  /** Operations executing now. */
  get executing(): number {
    return this.active;
  }

  /** Operations waiting for a place. */
  get queued(): number {
    return this.waiting.length;
  }

  /**
   * Takes a place for one operation: true at once when one is free, else a promise of true once
   * one is. Each place taken must be given back with `leave`.
   */
  enter(): true | Promise<true> {
    if (this.active < this.current && this.waiting.length === 0) {
      this.active += 1;
      return true;
    }
    this.waitedInWindow = true;
    this.startAdjusting();
    return new Promise<true>((resolve) => this.waiting.push(resolve));
  }

  /** Gives back a place; the operation waiting longest takes it. */
  leave(): void {
    this.active -= 1;
    this.admitWaiting();
  }

  /** Adjusts the limit to the loop's busy share over the window just ended (see the class comment). */
  adjust(busyShare: number): void {
    const { minConcurrent, maxConcurrent } = this.settings;
    if (this.waitedInWindow && busyShare < SPARE_BELOW) {
      this.current = Math.min(maxConcurrent, this.current + Math.ceil(this.current / 4));
    } else if (busyShare > SATURATED_ABOVE) {
      this.current = Math.max(minConcurrent, this.current - Math.ceil(this.current / 8));
    }
    this.waitedInWindow = this.waiting.length > 0;
    this.admitWaiting();
    // At its floor with nobody waiting the limit has nothing to adjust to until someone waits.
    if (this.current === minConcurrent && !this.waitedInWindow) this.stopAdjusting();
  }

  /** Stops adjusting (at shutdown); the limit stays where it is. */
  close(): void {
    this.stopAdjusting();
  }

  private admitWaiting(): void {
    while (this.active < this.current && this.waiting.length > 0) {
      this.active += 1;
      (this.waiting.shift() as (entered: true) => void)(true);
    }
  }

  private startAdjusting(): void {
    if (this.timer) return;
    this.utilization(); // the first window starts now
    this.timer = setInterval(() => this.adjust(this.utilization()), WINDOW_MS);
    this.timer.unref();
  }

  private stopAdjusting(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}

/** The event loop's utilization since the previous call (`performance.eventLoopUtilization`). */
export function eventLoopUtilization(): UtilizationProbe {
  let last = performance.eventLoopUtilization();
  return () => {
    const now = performance.eventLoopUtilization();
    const share = performance.eventLoopUtilization(now, last).utilization;
    last = now;
    return share;
  };
}

/** A place taken in a gate: `release` gives it back the first time it is called. */
export interface GatePlace {
  release(): void;
}

const NO_PLACE: GatePlace = { release: () => {} };

/** Takes a place in `gate` (waiting for one when none is free); no gate, no wait. */
export async function takePlace(gate: ExecutionGate | undefined): Promise<GatePlace> {
  if (!gate) return NO_PLACE;
  const entered = gate.enter();
  if (entered !== true) await entered;
  let held = true;
  return {
    release: () => {
      if (!held) return;
      held = false;
      gate.leave();
    },
  };
}
