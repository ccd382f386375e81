import { InvalidInput } from '../../kernel/domain-error.js';

/** A page size out of range or a cursor this API did not issue; `field` is `first` or `after`. */
export class InvalidPageRequest extends InvalidInput {}
