/** A fact that happened inside an aggregate, recorded in the outbox by the same unit of work. */
export interface DomainEvent<TType extends string = string, TPayload = unknown> {
  /** Unique id, used by consumers to deduplicate at-least-once deliveries. */
  readonly id: string;
  /** Past-tense name, e.g. `StockReserved`. */
  readonly type: TType;
  /** Id of the aggregate the event belongs to. */
  readonly aggregateId: string;
  /** ISO-8601 instant the event occurred. */
  readonly occurredAt: string;
  readonly payload: TPayload;
}
