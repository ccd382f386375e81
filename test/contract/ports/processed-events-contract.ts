import { describe, expect, it } from 'vitest';
import type { AdapterFactory, PricingPorts } from './storage-adapters.js';

/**
 * The behaviour every ProcessedEvents must have (seen through pricing's unit of work, the one that
 * applies other subgraphs' events); `makeAdapter` gives fresh, empty storage.
 */
export function describeProcessedEventsContract(
  name: string,
  makeAdapter: AdapterFactory<PricingPorts>,
): void {
  describe(`ProcessedEvents contract: ${name}`, () => {
    it('marks an event once: a later unit of work learns it was applied', async () => {
      const { uow } = makeAdapter();
      expect(await uow.run((tx) => tx.processedEvents.markProcessed('evt-1'))).toBe(true);
      expect(await uow.run((tx) => tx.processedEvents.markProcessed('evt-1'))).toBe(false);
      expect(await uow.run((tx) => tx.processedEvents.markProcessed('evt-2'))).toBe(true);
    });

    it('forgets the mark when the unit of work that made it does not commit', async () => {
      const { uow } = makeAdapter();
      await expect(
        uow.run(async (tx) => {
          await tx.processedEvents.markProcessed('evt-1');
          throw new Error('handler failed');
        }),
      ).rejects.toThrow('handler failed');
      expect(await uow.run((tx) => tx.processedEvents.markProcessed('evt-1'))).toBe(true);
    });

    it('lets only one of two concurrent units of work apply the same event', async () => {
      const { uow } = makeAdapter();
      const applied = await Promise.all([
        uow.run((tx) => tx.processedEvents.markProcessed('evt-1')),
        uow.run((tx) => tx.processedEvents.markProcessed('evt-1')),
      ]);
      expect(applied.sort()).toEqual([false, true]);
    });
  });
}
