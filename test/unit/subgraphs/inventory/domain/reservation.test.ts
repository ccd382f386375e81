import { describe, expect, it } from 'vitest';
import { ReservationAlreadyReleased } from '../../../../../subgraphs/inventory/domain/errors.js';
import { Reservation } from '../../../../../subgraphs/inventory/domain/reservation.js';
import { aChangeContext, aReservation, NOW } from '../../../../helpers/inventory-builders.js';

describe('Reservation', () => {
  it('is placed ACTIVE, unstored and with no events of its own', () => {
    const reservation = Reservation.place({
      id: 'r-1',
      productId: 'p-0001',
      warehouse: 'BER',
      quantity: 3,
      createdAt: new Date(NOW),
    });
    expect(reservation.status).toBe('ACTIVE');
    expect(reservation.version).toBe(0);
    expect(reservation.pullDomainEvents()).toEqual([]);
  });

  it('refuses to be placed for less than one unit', () => {
    expect(() =>
      Reservation.place({
        id: 'r-1',
        productId: 'p-0001',
        warehouse: 'BER',
        quantity: 0,
        createdAt: new Date(NOW),
      }),
    ).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'quantity' }));
  });

  it('is released once, recording ReservationReleased', () => {
    const reservation = aReservation({ id: 'r-9', quantity: 4, warehouse: 'LIS' });
    reservation.markReleased(aChangeContext({ eventId: 'e-7' }));
    expect(reservation.status).toBe('RELEASED');
    expect(reservation.pullDomainEvents()).toEqual([
      {
        id: 'e-7',
        type: 'ReservationReleased',
        aggregateId: 'r-9',
        occurredAt: NOW,
        payload: { reservationId: 'r-9', productId: 'p-0001', warehouse: 'LIS', quantity: 4 },
      },
    ]);
  });

  it('refuses a second release as CONFLICT and records nothing more', () => {
    const reservation = aReservation({ status: 'RELEASED' });
    expect(() => reservation.markReleased(aChangeContext())).toThrow(ReservationAlreadyReleased);
    expect(() => reservation.markReleased(aChangeContext())).toThrow(
      expect.objectContaining({ code: 'CONFLICT' }),
    );
    expect(reservation.pullDomainEvents()).toEqual([]);
  });

  it('survives a snapshot round trip', () => {
    const reservation = aReservation({ id: 'r-3', status: 'RELEASED' });
    const copy = Reservation.fromSnapshot(reservation.toSnapshot(), 2);
    expect(copy.toSnapshot()).toEqual(reservation.toSnapshot());
    expect(JSON.parse(JSON.stringify(copy.toSnapshot()))).toEqual(copy.toSnapshot());
    expect(copy.version).toBe(2);
  });
});
