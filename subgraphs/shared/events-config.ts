import { z } from 'zod';

/**
 * The event-consumption variables a subscribing subgraph reads; spread into its `parseEnv` shape.
 * EVENT_MAX_ATTEMPTS: failed deliveries of one event before it is set aside as a dead letter
 * (unset: 5).
 */
export const EVENTS_ENV = {
  EVENT_MAX_ATTEMPTS: z.coerce
    .number({ message: 'must be a number' })
    .int('must be a whole number')
    .positive('must be > 0')
    .optional(),
};
