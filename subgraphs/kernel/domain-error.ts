/** The codes a domain error may carry; the GraphQL edge turns each into `extensions.code`. */
export type DomainErrorCode = 'NOT_FOUND' | 'BAD_USER_INPUT' | 'CONFLICT';

/** Base of every expected domain failure: a stable code and a message safe to show a client. */
export abstract class DomainError extends Error {
  abstract readonly code: DomainErrorCode;
  /** The input field the error is about, when there is one (e.g. `sku`). */
  readonly field: string | undefined;

  constructor(message: string, field?: string) {
    super(message);
    this.name = new.target.name;
    this.field = field;
  }
}

/** An argument broke an invariant; `field` names the argument. */
export class InvalidInput extends DomainError {
  readonly code = 'BAD_USER_INPUT';
}

/** The aggregate a command or query names does not exist. */
export class NotFound extends DomainError {
  readonly code = 'NOT_FOUND';
}

/** The command conflicts with the current state (a duplicate, an oversell, a lost race). */
export class Conflict extends DomainError {
  readonly code = 'CONFLICT';
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}
