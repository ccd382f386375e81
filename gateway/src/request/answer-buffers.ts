/**
 * Buffers that answers are encoded into and given back once written, so a large answer costs no
 * fresh allocation. A fresh buffer's memory is external memory to V8, and its growth is one of
 * the triggers of full collections: under load, answers of tens of kilobytes encoded afresh
 * brought on about a third of them.
 *
 * Buffers come in powers of two from `minBytes` to `maxBytes`; an answer outside that range gets a
 * buffer of its own (Node pools small ones itself). At most `maxIdleBytes` wait for reuse.
 */
export class AnswerBuffers {
  private readonly idle = new Map<number, Buffer[]>();
  private idleBytes = 0;

  constructor(
    private readonly limits: { minBytes: number; maxBytes: number; maxIdleBytes: number } = {
      minBytes: 4_096,
      maxBytes: 1_048_576,
      maxIdleBytes: 4_194_304,
    },
  ) {}

  /** A buffer of at least `byteLength` bytes to encode into, or undefined outside the pooled sizes. */
  lease(byteLength: number): Buffer | undefined {
    if (byteLength < this.limits.minBytes || byteLength > this.limits.maxBytes) return undefined;
    const size = 2 ** Math.ceil(Math.log2(byteLength));
    const buffer = this.idle.get(size)?.pop();
    if (!buffer) return Buffer.allocUnsafeSlow(size);
    this.idleBytes -= size;
    return buffer;
  }

  /** Gives back a leased buffer whose bytes are written and no longer read. */
  release(buffer: Buffer): void {
    const size = buffer.length;
    if (this.idleBytes + size > this.limits.maxIdleBytes) return;
    let buffers = this.idle.get(size);
    if (!buffers) {
      buffers = [];
      this.idle.set(size, buffers);
    }
    buffers.push(buffer);
    this.idleBytes += size;
  }
}
