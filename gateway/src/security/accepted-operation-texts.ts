import type { GraphQLError } from 'graphql';
import { LRUCache } from 'lru-cache';
import type { OperationLimits } from './operation-limits.js';
import { checkOperationText } from './scan-operation-text.js';

/** How much `AcceptedOperationTexts` remembers. */
export interface RememberedTextBounds {
  /** Most texts remembered. */
  maxTexts: number;
  /** Characters of all remembered texts together: what bounds the memory a flood of texts takes. */
  maxCharacters: number;
  /** Longer texts are scanned every time: rare, and they would crowd out the common ones. */
  maxTextLength: number;
}

const defaultBounds: RememberedTextBounds = {
  maxTexts: 1_000,
  maxCharacters: 2_000_000,
  maxTextLength: 50_000,
};

/**
 * `checkOperationText` under one set of limits, remembering the texts it recently accepted:
 * clients send the same few operations over and over, and the verdict depends on the text and the
 * limits alone. Refusals are not remembered; they are worked out (and a fresh error made) each time.
 */
export class AcceptedOperationTexts {
  readonly #accepted: LRUCache<string, true>;

  constructor(
    private readonly limits: OperationLimits,
    bounds: RememberedTextBounds = defaultBounds,
  ) {
    this.#accepted = new LRUCache<string, true>({
      max: bounds.maxTexts,
      maxSize: bounds.maxCharacters,
      maxEntrySize: bounds.maxTextLength,
      // Sizes must be positive: the empty text counts as one character.
      sizeCalculation: (_, text) => Math.max(1, text.length),
    });
  }

  check(text: string): GraphQLError | undefined {
    if (this.#accepted.get(text)) return undefined;
    const refusal = checkOperationText(text, this.limits);
    if (!refusal) this.#accepted.set(text, true);
    return refusal;
  }

  /** Whether `check` would accept `text` without scanning it. */
  remembers(text: string): boolean {
    return this.#accepted.has(text);
  }

  /** How many texts are remembered. */
  get size(): number {
    return this.#accepted.size;
  }
}

const byLimits = new WeakMap<OperationLimits, AcceptedOperationTexts>();

/** `checkOperationText`, remembering accepted texts per limits object (one per gateway). */
export function checkRecurringOperationText(text: string, limits: OperationLimits): GraphQLError | undefined {
  let texts = byLimits.get(limits);
  if (!texts) {
    texts = new AcceptedOperationTexts(limits);
    byLimits.set(limits, texts);
  }
  return texts.check(text);
}
