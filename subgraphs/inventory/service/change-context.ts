import type { Clock } from '../../shared/ports/clock.js';
import type { IdGenerator } from '../../shared/ports/id-generator.js';
import type { ChangeContext } from '../domain/events.js';

/** A fresh event id and the current instant, for one attempt at a change. */
export function changeContext(ids: IdGenerator, clock: Clock): ChangeContext {
  return { eventId: ids.next(), now: clock.now() };
}
