/**
 * The events a consumer has already applied, kept inside its unit of work: the record that an event
 * was applied commits together with the event's effect, so a redelivered event changes nothing.
 */
export interface ProcessedEvents {
  /** Records the event as applied by this unit of work; false when an earlier one applied it already. */
  markProcessed(eventId: string): Promise<boolean>;
}
