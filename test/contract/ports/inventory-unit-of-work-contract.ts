import { describe, expect, it } from 'vitest';
import { InsufficientStock } from '../../../subgraphs/inventory/domain/errors.js';
import { StockLevel, type StockLevelSnapshot } from '../../../subgraphs/inventory/domain/stock-level.js';
import { ReserveStock } from '../../../subgraphs/inventory/service/reserve-stock.js';
import { Conflict } from '../../../subgraphs/kernel/domain-error.js';
import { SequentialIdGenerator } from '../../../subgraphs/shared/adapters/id-generators.js';
import { FixedClock } from '../../../subgraphs/shared/adapters/system-clock.js';
import { aChangeContext, NOW } from '../../helpers/inventory-builders.js';
import { storeLevels } from './inventory-fixtures.js';
import type { AdapterFactory, InventoryPorts } from './storage-adapters.js';

/**
 * The behaviour every inventory UnitOfWork must have: atomic commits with their events, and
 * optimistic concurrency that retries lost races and never oversells. `makeAdapter` gives fresh,
 * empty storage, with `maxAttempts` when asked.
 */
export function describeInventoryUnitOfWorkContract(
  name: string,
  makeAdapter: AdapterFactory<InventoryPorts>,
): void {
  describe(`inventory UnitOfWork contract: ${name}`, () => {
    /** Sets the reserved count of p-1 at AMS in a unit of work of its own: a rival writer. */
    const rivalReserves = (uow: InventoryPorts['uow'], reserved: number) =>
      storeLevelsOver(uow, { productId: 'p-1', warehouse: 'AMS', onHand: 10, reserved });

    it('commits a level and a reservation together with their event', async () => {
      const { uow, stock, reservations, outbox } = makeAdapter();
      await storeLevels(uow, { productId: 'p-1', warehouse: 'AMS', onHand: 10, reserved: 0 });

      await uow.run(async (tx) => {
        const level = (await tx.stock.get('p-1', 'AMS'))!;
        const reservation = level.reserve(2, 'r-1', aChangeContext());
        await tx.stock.save(level);
        await tx.reservations.save(reservation);
      });

      expect((await stock.getMany(['p-1']))[0]!.reserved).toBe(2);
      expect((await reservations.get('r-1'))?.status).toBe('ACTIVE');
      expect((await outbox.pending(10)).map((entry) => entry.event.type)).toEqual(['StockReserved']);
    });

    it('commits the events of every aggregate the work saved, each once, however often it was saved', async () => {
      const { uow, stock, reservations, outbox } = makeAdapter();
      await storeLevels(uow, { productId: 'p-1', warehouse: 'AMS', onHand: 10, reserved: 0 });

      await uow.run(async (tx) => {
        const level = (await tx.stock.get('p-1', 'AMS'))!;
        level.adjust(5, aChangeContext({ eventId: 'e-adjusted' }));
        await tx.stock.save(level);
        const reservation = level.reserve(2, 'r-1', aChangeContext({ eventId: 'e-reserved' }));
        await tx.stock.save(level);
        await tx.reservations.save(reservation);
        level.release(reservation, aChangeContext({ eventId: 'e-released' }));
        await tx.stock.save(level);
        await tx.reservations.save(reservation);
      });

      expect((await stock.getMany(['p-1']))[0]).toMatchObject({ onHand: 15, reserved: 0 });
      expect((await reservations.get('r-1'))?.status).toBe('RELEASED');
      expect((await outbox.pending(10)).map((entry) => [entry.event.id, entry.event.type])).toEqual([
        ['e-adjusted', 'StockAdjusted'],
        ['e-reserved', 'StockReserved'],
        ['e-released', 'ReservationReleased'],
      ]);
    });

    it('runs the work again on the state a rival committed after the work read', async () => {
      const { uow, stock } = makeAdapter();
      await storeLevels(uow, { productId: 'p-1', warehouse: 'AMS', onHand: 10, reserved: 0 });
      const seen: number[] = [];

      await uow.run(async (tx) => {
        const level = (await tx.stock.get('p-1', 'AMS'))!;
        seen.push(level.reserved);
        if (seen.length === 1) await rivalReserves(uow, 6);
        const reservation = level.reserve(3, `r-${seen.length}`, aChangeContext());
        await tx.stock.save(level);
        await tx.reservations.save(reservation);
      });

      expect(seen).toEqual([0, 6]);
      expect((await stock.getMany(['p-1']))[0]!.reserved).toBe(9);
    });

    it('answers from the state the winner left, not from the lost race', async () => {
      const { uow, stock } = makeAdapter();
      await storeLevels(uow, { productId: 'p-1', warehouse: 'AMS', onHand: 10, reserved: 0 });
      let attempts = 0;

      const attempt = uow.run(async (tx) => {
        attempts += 1;
        const level = (await tx.stock.get('p-1', 'AMS'))!;
        if (attempts === 1) await rivalReserves(uow, 8);
        await tx.reservations.save(level.reserve(3, 'r-1', aChangeContext()));
        await tx.stock.save(level);
      });

      await expect(attempt).rejects.toBeInstanceOf(InsufficientStock);
      expect(attempts).toBe(2);
      expect((await stock.getMany(['p-1']))[0]!.reserved).toBe(8);
    });

    it('reports CONFLICT once maxAttempts races are lost, leaving the rivals’ writes', async () => {
      const { uow, stock, outbox } = makeAdapter({ maxAttempts: 3 });
      await storeLevels(uow, { productId: 'p-1', warehouse: 'AMS', onHand: 10, reserved: 0 });
      let attempts = 0;

      const attempt = uow.run(async (tx) => {
        attempts += 1;
        const level = (await tx.stock.get('p-1', 'AMS'))!;
        await rivalReserves(uow, attempts);
        level.adjust(1, aChangeContext());
        await tx.stock.save(level);
      });

      await expect(attempt).rejects.toMatchObject({
        code: 'CONFLICT',
        message: expect.stringMatching(/concurrently/),
      });
      expect(attempts).toBe(3);
      expect((await stock.getMany(['p-1']))[0]).toMatchObject({ onHand: 10, reserved: 3 });
      expect(await outbox.pending(10)).toEqual([]);
    });

    it('does not retry a Conflict the work itself throws', async () => {
      const { uow } = makeAdapter();
      let attempts = 0;
      await expect(
        uow.run(async () => {
          attempts += 1;
          throw new Conflict('already done');
        }),
      ).rejects.toThrow('already done');
      expect(attempts).toBe(1);
    });

    it('lets exactly 10 of 50 concurrent one-unit reservations of a stock of 10 succeed', async () => {
      const { uow, stock, outbox } = makeAdapter();
      await storeLevels(uow, { productId: 'p-hot', warehouse: 'AMS', onHand: 10, reserved: 0 });
      const reserveStock = new ReserveStock(uow, new FixedClock(NOW), new SequentialIdGenerator('id'));

      const outcomes = await Promise.allSettled(
        Array.from({ length: 50 }, () =>
          reserveStock.execute({ productId: 'p-hot', quantity: 1, warehouse: 'AMS' }),
        ),
      );

      const failures = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason] : []));
      expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(10);
      expect(failures).toHaveLength(40);
      expect(failures.every((failure) => failure instanceof InsufficientStock)).toBe(true);
      expect((await stock.getMany(['p-hot']))[0]).toMatchObject({ onHand: 10, reserved: 10 });
      expect(await outbox.pending(100)).toHaveLength(10);
    });
  });
}

/** Overwrites a stored level with the given values (no events) in a unit of work of its own. */
async function storeLevelsOver(uow: InventoryPorts['uow'], level: StockLevelSnapshot): Promise<void> {
  await uow.run(async (tx) => {
    const current = (await tx.stock.get(level.productId, level.warehouse))!;
    await tx.stock.save(StockLevel.fromSnapshot(level, current.version));
  });
}
