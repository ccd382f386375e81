import type { RequireField, RequireSelection, RequireTypeCondition } from '../planner/query-plan.js';
import type { EntityResult } from './entity-results.js';
import { type FieldRead, generatedReads } from './field-reads.js';
import { type DataObject, type DataReader, OWN_FIELDS, readField, setOwn } from './merge-data.js';
import { buildRepresentation, representationKey } from './representations.js';

/**
 * One distinct entity an entity selection asks about in this request: the representation sent
 * for it, and what became of it. The entry is the entity's identity within the request, so its
 * result is kept on it rather than filed under a key.
 */
export interface InternedRepresentation {
  readonly representation: DataObject;
  /** Its result (an Error when it failed), or the load that will answer it; unset before it is asked. */
  result: EntityResult | Error | Promise<void> | undefined;
}

/** Nested maps by the values of a flat key's fields, in selection order; the last level holds the entry. */
type ValueTrie = Map<unknown, ValueTrie | InternedRepresentation>;

/** The entities of one type: its key's fields when they are flat (null otherwise), and their trie. */
interface TypeEntities {
  /** The `__typename` its representations are sent with (an interface's, for an `@interfaceObject`). */
  readonly sentAs: string;
  readonly fields: readonly RequireField[] | null;
  /** The fields' generated reads, by position, once the condition is in steady use. */
  readonly reads: readonly (FieldRead | undefined)[] | undefined;
  readonly trie: ValueTrie;
}

/**
 * Interns the representations one request builds for one entity selection: every object naming
 * the same entity gets the same entry, built once. Lists of entities repeat the same few entities
 * many times over (the same author under every review), so for the usual keys, whose fields are
 * all leaf values (`{ __typename, id }`), an object is looked up by its values in nested maps and
 * a repeated entity costs no allocation at all. Other keys (nested or object values) are built
 * and looked up by their JSON.
 */
export class RepresentationInterner {
  // By `__typename`: the key fields of the selection's condition for the type and their trie;
  // null for a type the selection does not ask about.
  private readonly byTypename = new Map<string, TypeEntities | null>();
  // Only keys with nested or object values are looked up by JSON: made at the first such entity.
  private byKey: Map<string, InternedRepresentation> | undefined;
  // The type of the last object: a step's objects are mostly of one type.
  private lastTypename: string | undefined;
  private lastType: TypeEntities | null = null;
  // `__typename` read at a site of this selection's own (see `generatedReads`), once in steady use.
  private readonly typenameRead: FieldRead | undefined;

  constructor(
    private readonly requires: readonly RequireSelection[],
    private readonly data: DataReader = OWN_FIELDS,
  ) {
    this.typenameRead = generatedReads(requires, typenameKey)?.[0];
  }

  /**
   * The object's representation, or undefined when its type is not one the fetch applies to or
   * a value it needs is missing (see `buildRepresentation`).
   */
  intern(object: DataObject): InternedRepresentation | undefined {
    // What fetches merged into the object, looked up once for all the fields read here.
    const added = this.data.addedTo(object);
    const typename = this.typenameRead
      ? this.typenameRead(object, added)
      : readField(object, added, '__typename');
    if (typeof typename !== 'string') return undefined;
    let type = this.lastType;
    if (typename !== this.lastTypename) {
      type = this.typeEntities(typename);
      this.lastTypename = typename;
      this.lastType = type;
    }
    if (!type) return undefined;
    const { fields, reads } = type;
    if (!fields) return this.internBuilt(object);

    let trie = type.trie;
    const last = fields.length - 1;
    for (let index = 0; index <= last; index += 1) {
      const read = reads?.[index];
      const value = read
        ? read(object, added)
        : readField(object, added, (fields[index] as RequireField).dataKey);
      if (value === undefined) return undefined;
      if (typeof value === 'object' && value !== null) return this.internBuilt(object);
      const next = trie.get(value);
      if (index < last) {
        if (!next) trie.set(value, new Map());
        trie = (next ?? trie.get(value)) as ValueTrie;
        continue;
      }
      if (next) return next as InternedRepresentation;
      // The values fix the representation: no key is needed to tell this entity from others.
      const entry: InternedRepresentation = {
        representation: flatRepresentation(object, added, type),
        result: undefined,
      };
      trie.set(value, entry);
      return entry;
    }
    return undefined;
  }

  /** Forgets every entity: for the end of the execution. */
  clear(): void {
    for (const type of this.byTypename.values()) type?.trie.clear();
    this.byTypename.clear();
    this.byKey?.clear();
    this.lastTypename = undefined;
    this.lastType = null;
  }

  private typeEntities(typename: string): TypeEntities | null {
    let type = this.byTypename.get(typename);
    if (type === undefined) {
      const condition = this.requires.find(
        (selection): selection is RequireTypeCondition =>
          selection.kind === 'InlineFragment' && selection.typeCondition === typename,
      );
      const fields = condition ? flatFieldsOf(condition) : null;
      type = condition
        ? {
            sentAs: condition.typename ?? typename,
            fields,
            reads: fields ? generatedReads(condition, () => fields.map((field) => field.dataKey)) : undefined,
            trie: new Map(),
          }
        : null;
      this.byTypename.set(typename, type);
    }
    return type;
  }

  private internBuilt(object: DataObject): InternedRepresentation | undefined {
    const representation = buildRepresentation(object, this.requires, this.data);
    if (!representation) return undefined;
    const key = representationKey(representation);
    this.byKey ??= new Map();
    let entry = this.byKey.get(key);
    if (!entry) {
      entry = { representation, result: undefined };
      this.byKey.set(key, entry);
    }
    return entry;
  }
}

const typenameKey = (): readonly string[] => ['__typename'];

/**
 * The representation of an object of a type whose key fields are flat, every value present and
 * a leaf (as `intern` found them): what `buildRepresentation` makes of it, without looking the
 * type's condition up again.
 */
function flatRepresentation(
  object: DataObject,
  added: DataObject | undefined,
  type: TypeEntities,
): DataObject {
  const fields = type.fields as readonly RequireField[];
  const representation: DataObject = {};
  for (let index = 0; index < fields.length; index += 1) {
    const field = fields[index] as RequireField;
    const read = type.reads?.[index];
    setOwn(representation, field.name, read ? read(object, added) : readField(object, added, field.dataKey));
  }
  representation.__typename = type.sentAs;
  return representation;
}

/** The condition's fields when all are plain fields without sub-selections; null otherwise. */
function flatFieldsOf(condition: RequireTypeCondition): readonly RequireField[] | null {
  const plain = condition.selections.filter(
    (selection): selection is RequireField => selection.kind === 'Field' && !selection.selections,
  );
  return plain.length === condition.selections.length && plain.length > 0 ? plain : null;
}
