import { AggregateRoot } from '../../kernel/aggregate-root.js';
import { type Category, parseCategory } from './category.js';
import { FieldCannotBeCleared, InvalidDescription, InvalidName, InvalidWeight } from './errors.js';
import type { ProductCreated, ProductUpdated } from './events.js';
import { Sku } from './sku.js';

const MAX_NAME_LENGTH = 200;
const MAX_DESCRIPTION_LENGTH = 2_000;

/** The stored, JSON-safe form of a product. */
export interface ProductSnapshot {
  id: string;
  sku: string;
  name: string;
  description: string | null;
  category: Category;
  weightGrams: number;
  /** ISO-8601 instant. */
  createdAt: string;
  /** ISO-8601 instant. */
  updatedAt: string;
}

/** What a new product is made of, as received from outside (validated by `Product.create`). */
export interface NewProduct {
  sku: string;
  name: string;
  description?: string | null;
  category: string;
  weightGrams: number;
}

/** A partial update: an absent (undefined) field is kept; null clears `description` and is refused elsewhere. */
export interface ProductUpdate {
  sku?: string | null;
  name?: string | null;
  description?: string | null;
  category?: string | null;
  weightGrams?: number | null;
}

/** The fields a change may touch. */
export type ProductFieldChanges = Partial<
  Pick<ProductSnapshot, 'sku' | 'name' | 'description' | 'category' | 'weightGrams'>
>;

/** When a change happens and where its events get their ids, supplied by the use case. */
export interface ChangeStamp {
  readonly at: Date;
  readonly nextEventId: () => string;
}

interface ProductState {
  sku: Sku;
  name: string;
  description: string | null;
  category: Category;
  weightGrams: number;
  createdAt: Date;
  updatedAt: Date;
}

/** A catalog entry: guards a well-formed sku, a non-blank name and a positive weight. */
export class Product extends AggregateRoot {
  readonly #id: string;
  #state: ProductState;

  private constructor(id: string, state: ProductState, version: number) {
    super(version);
    this.#id = id;
    this.#state = state;
  }

  /** A new product with every field validated; records ProductCreated. */
  static create(id: string, input: NewProduct, stamp: ChangeStamp): Product {
    const product = new Product(
      id,
      {
        sku: Sku.parse(input.sku),
        name: checkName(input.name),
        description: checkDescription(input.description),
        category: parseCategory(input.category),
        weightGrams: checkWeight(input.weightGrams),
        createdAt: stamp.at,
        updatedAt: stamp.at,
      },
      0,
    );
    product.record({
      id: stamp.nextEventId(),
      type: 'ProductCreated',
      aggregateId: id,
      occurredAt: stamp.at.toISOString(),
      payload: product.toSnapshot(),
    } satisfies ProductCreated);
    return product;
  }

  /** Rebuilds a stored product at `version`; stored data was validated when it was written. */
  static fromSnapshot(snapshot: ProductSnapshot, version: number): Product {
    return new Product(
      snapshot.id,
      {
        sku: Sku.fromStored(snapshot.sku),
        name: snapshot.name,
        description: snapshot.description,
        category: snapshot.category,
        weightGrams: snapshot.weightGrams,
        createdAt: new Date(snapshot.createdAt),
        updatedAt: new Date(snapshot.updatedAt),
      },
      version,
    );
  }

  /** Identity, fixed at creation. */
  get id(): string {
    return this.#id;
  }
  /** Normalised (upper-case) sku, unique in the catalog. */
  get sku(): Sku {
    return this.#state.sku;
  }
  /** Trimmed, 1 to 200 characters. */
  get name(): string {
    return this.#state.name;
  }
  /** Trimmed, at most 2,000 characters; null when there is none. */
  get description(): string | null {
    return this.#state.description;
  }
  /** One of CATEGORIES. */
  get category(): Category {
    return this.#state.category;
  }
  /** A positive whole number of grams. */
  get weightGrams(): number {
    return this.#state.weightGrams;
  }
  /** When the product was created. */
  get createdAt(): Date {
    return this.#state.createdAt;
  }
  /** When a field last changed (createdAt until then). */
  get updatedAt(): Date {
    return this.#state.updatedAt;
  }

  /**
   * Applies the fields present in `update`, validating each before anything changes. Returns the
   * fields whose value actually changed; when there are any, records ProductUpdated and moves
   * `updatedAt`, otherwise the product is left untouched.
   */
  update(update: ProductUpdate, stamp: ChangeStamp): ProductFieldChanges {
    const next = {
      sku: update.sku === undefined ? this.#state.sku : Sku.parse(required(update.sku, 'sku')),
      name: update.name === undefined ? this.#state.name : checkName(required(update.name, 'name')),
      description:
        update.description === undefined ? this.#state.description : checkDescription(update.description),
      category:
        update.category === undefined
          ? this.#state.category
          : parseCategory(required(update.category, 'category')),
      weightGrams:
        update.weightGrams === undefined
          ? this.#state.weightGrams
          : checkWeight(required(update.weightGrams, 'weightGrams')),
    };

    const changes: ProductFieldChanges = {};
    if (!next.sku.equals(this.#state.sku)) changes.sku = next.sku.value;
    if (next.name !== this.#state.name) changes.name = next.name;
    if (next.description !== this.#state.description) changes.description = next.description;
    if (next.category !== this.#state.category) changes.category = next.category;
    if (next.weightGrams !== this.#state.weightGrams) changes.weightGrams = next.weightGrams;
    if (Object.keys(changes).length === 0) return changes;

    this.#state = { ...this.#state, ...next, updatedAt: stamp.at };
    this.record({
      id: stamp.nextEventId(),
      type: 'ProductUpdated',
      aggregateId: this.#id,
      occurredAt: stamp.at.toISOString(),
      payload: changes,
    } satisfies ProductUpdated);
    return changes;
  }

  /** The JSON-safe form stored by the repositories. */
  toSnapshot(): ProductSnapshot {
    const state = this.#state;
    return {
      id: this.#id,
      sku: state.sku.value,
      name: state.name,
      description: state.description,
      category: state.category,
      weightGrams: state.weightGrams,
      createdAt: state.createdAt.toISOString(),
      updatedAt: state.updatedAt.toISOString(),
    };
  }
}

function checkName(raw: unknown): string {
  if (typeof raw !== 'string') throw new InvalidName(`name must be a string (got ${typeName(raw)}).`);
  const name = raw.trim();
  if (name.length === 0) throw new InvalidName('name must not be blank.');
  if (name.length > MAX_NAME_LENGTH) {
    throw new InvalidName(`name must be at most ${MAX_NAME_LENGTH} characters (got ${name.length}).`);
  }
  return name;
}

/** Trims; a missing or whitespace-only description is stored as null. */
function checkDescription(raw: unknown): string | null {
  if (raw === undefined || raw === null) return null;
  if (typeof raw !== 'string') {
    throw new InvalidDescription(`description must be a string (got ${typeName(raw)}).`);
  }
  const description = raw.trim();
  if (description.length > MAX_DESCRIPTION_LENGTH) {
    throw new InvalidDescription(
      `description must be at most ${MAX_DESCRIPTION_LENGTH} characters (got ${description.length}).`,
    );
  }
  return description.length === 0 ? null : description;
}

function checkWeight(raw: unknown): number {
  if (typeof raw !== 'number' || !Number.isSafeInteger(raw)) {
    const got = typeof raw === 'number' ? String(raw) : typeName(raw);
    throw new InvalidWeight(`weightGrams must be a whole number of grams (got ${got}).`);
  }
  if (raw <= 0) throw new InvalidWeight(`weightGrams must be greater than 0 (got ${raw}).`);
  return raw;
}

/** Refuses null for a field an update may change but never clear. */
function required<T>(value: T | null, field: string): T {
  if (value === null) throw new FieldCannotBeCleared(field);
  return value;
}

function typeName(value: unknown): string {
  return value === null ? 'null' : typeof value;
}
