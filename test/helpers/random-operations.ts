import {
  astFromValue,
  type GraphQLArgument,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLSchema,
  getNamedType,
  getNullableType,
  isAbstractType,
  isCompositeType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  isUnionType,
  parse,
  print,
  validate,
} from 'graphql';

/** A generated operation, valid against the schema it was generated from. */
export interface RandomOperation {
  query: string;
  variables: Record<string, unknown>;
}

/**
 * Values worth passing as arguments, learnt from real responses: by field or argument name
 * (`id` -> ids seen) and by scalar type name (`ID`, `String`, `Int`).
 */
export interface ArgumentSamples {
  byName: ReadonlyMap<string, readonly unknown[]>;
  byType: ReadonlyMap<string, readonly unknown[]>;
}

/** How random operations are shaped. */
export interface RandomOperationOptions {
  /** Deepest field nesting (root fields are depth 1); default 4. */
  maxDepth?: number;
  /** Known values for arguments; without them ids are made up and mostly miss. */
  samples?: ArgumentSamples;
  /**
   * A probe collects argument samples: no aliases, no conditions, no fragments' surprises, so
   * every response key is a field name.
   */
  probe?: boolean;
}

/** A small, fast, seedable PRNG (mulberry32): the same seed gives the same operations everywhere. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `count` queries generated from `seed` by walking `schema`, each checked with graphql-js
 * `validate` (invalid attempts are dropped and another is drawn, up to a bound).
 */
export function randomOperations(
  schema: GraphQLSchema,
  seed: number,
  count: number,
  options: RandomOperationOptions = {},
): RandomOperation[] {
  const random = seededRandom(seed);
  const operations: RandomOperation[] = [];
  for (let attempt = 0; operations.length < count && attempt < count * 20; attempt++) {
    const operation = new OperationBuilder(schema, random, options).build();
    if (operation && isValid(schema, operation.query)) operations.push(operation);
  }
  if (operations.length < count)
    throw new Error(`Only ${operations.length} of ${count} random operations from seed ${seed} were valid.`);
  return operations;
}

/** Records every leaf value of a probe response by its field name and its scalar type. */
export function collectArgumentSamples(
  schema: GraphQLSchema,
  responses: readonly (Record<string, unknown> | null | undefined)[],
): ArgumentSamples {
  const byName = new Map<string, unknown[]>();
  const byType = new Map<string, unknown[]>();
  const add = (map: Map<string, unknown[]>, key: string, value: unknown) => {
    const values = map.get(key) ?? [];
    if (!values.some((known) => Object.is(known, value)) && values.length < 50) values.push(value);
    map.set(key, values);
  };
  const walk = (type: GraphQLNamedType | undefined, value: unknown): void => {
    if (value === null || value === undefined || !type) return;
    if (Array.isArray(value)) {
      for (const item of value) walk(type, item);
      return;
    }
    if (typeof value !== 'object') return;
    const record = value as Record<string, unknown>;
    const concrete =
      typeof record.__typename === 'string' ? (schema.getType(record.__typename) ?? type) : type;
    if (!isObjectType(concrete) && !isInterfaceType(concrete)) return;
    const fields = concrete.getFields();
    for (const [key, child] of Object.entries(record)) {
      const field = fields[key];
      if (!field) continue;
      const named = getNamedType(field.type);
      if (isLeafType(named) && child !== null && typeof child !== 'object') {
        add(byName, key, child);
        add(byType, named.name, child);
      } else walk(named, child);
    }
  };
  const root = schema.getQueryType();
  for (const response of responses) walk(root ?? undefined, response);
  return { byName, byType };
}

function isValid(schema: GraphQLSchema, query: string): boolean {
  try {
    return validate(schema, parse(query)).length === 0;
  } catch {
    return false;
  }
}

const MADE_UP_STRINGS = ['nope', 'x', ''];

/** Builds one operation; holds the variables and fragments it declares on the way. */
class OperationBuilder {
  private readonly variableDefinitions: string[] = [];
  private readonly variables: Record<string, unknown> = {};
  private readonly fragments: string[] = [];
  private readonly maxDepth: number;
  /** Fragments open around the selection being built: bounded, as they add no field depth. */
  private fragmentNesting = 0;

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly random: () => number,
    private readonly options: RandomOperationOptions,
  ) {
    this.maxDepth = options.maxDepth ?? 4;
  }

  build(): RandomOperation | undefined {
    const root = this.schema.getQueryType();
    if (!root) return undefined;
    const selection = this.selectionSet(root, 1);
    const header =
      this.variableDefinitions.length > 0 ? `query (${this.variableDefinitions.join(', ')}) ` : '';
    const query = [`${header}${selection}`, ...this.fragments].join('\n');
    return { query, variables: { ...this.variables } };
  }

  private chance(probability: number): boolean {
    return this.random() < probability;
  }

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)] as T;
  }

  private selectionSet(type: GraphQLCompositeType, depth: number): string {
    const count = 1 + Math.floor(this.random() * (depth === 1 ? 3 : 4));
    const items: string[] = [];
    for (let i = 0; i < count; i++) items.push(this.selection(type, depth));
    if (this.options.probe) items.push('__typename');
    else if (items.length > 1 && this.chance(0.15)) {
      // The same response key again: its selections must merge (spec 6.3.2).
      items.push(this.pick(items));
    }
    return `{ ${items.join(' ')} }`;
  }

  private selection(type: GraphQLCompositeType, depth: number): string {
    const fields = isUnionType(type) ? [] : Object.values(type.getFields());
    const roll = this.random();
    const fragmentsAllowed = this.fragmentNesting < 3;
    if (this.options.probe) {
      if (fields.length > 0 && (roll < 0.9 || !fragmentsAllowed))
        return this.field(this.pick(fields), type, depth);
      return fragmentsAllowed ? this.inFragment(() => this.inlineFragment(type, depth)) : '__typename';
    }
    if (roll < 0.08 || (fields.length === 0 && roll < 0.2) || (fields.length === 0 && !fragmentsAllowed))
      return `${this.alias(type)}__typename${this.condition()}`;
    if (fields.length > 0 && (roll < 0.72 || !fragmentsAllowed))
      return this.field(this.pick(fields), type, depth);
    if (roll < 0.87) return this.inFragment(() => this.inlineFragment(type, depth));
    return this.inFragment(() => this.fragmentSpread(type, depth));
  }

  private inFragment(build: () => string): string {
    this.fragmentNesting++;
    try {
      return build();
    } finally {
      this.fragmentNesting--;
    }
  }

  private field(field: GraphQLField<unknown, unknown>, parent: GraphQLCompositeType, depth: number): string {
    const named = getNamedType(field.type);
    const leaf = !isCompositeType(named);
    if (!leaf && depth >= this.maxDepth) {
      const scalars = isUnionType(parent)
        ? []
        : Object.values(parent.getFields()).filter((other) => isLeafType(getNamedType(other.type)));
      return scalars.length > 0 ? this.field(this.pick(scalars), parent, depth) : '__typename';
    }
    const args = this.argumentsOf(field.args);
    const head = `${this.alias(parent)}${field.name}${args}${this.condition()}`;
    return leaf ? head : `${head} ${this.selectionSet(named as GraphQLCompositeType, depth + 1)}`;
  }

  /** Often none; otherwise a name that may equal another field of the type, a key or `__typename`. */
  private alias(parent: GraphQLCompositeType): string {
    if (this.options.probe || !this.chance(0.25)) return '';
    const names = isUnionType(parent) ? [] : Object.keys(parent.getFields());
    const choices = [...names, '__typename', 'id', 'a', 'b'];
    return `${this.pick(choices)}: `;
  }

  private condition(): string {
    if (this.options.probe || !this.chance(0.2)) return '';
    const directive = this.chance(0.5) ? 'skip' : 'include';
    if (this.chance(0.25)) return ` @${directive}(if: ${this.chance(0.5)})`;
    const name = `c${this.variableDefinitions.length}`;
    const value = this.chance(0.5);
    if (this.chance(0.3)) this.variableDefinitions.push(`$${name}: Boolean = ${value}`);
    else {
      this.variableDefinitions.push(`$${name}: Boolean!`);
      this.variables[name] = value;
    }
    return ` @${directive}(if: $${name})`;
  }

  private inlineFragment(type: GraphQLCompositeType, depth: number): string {
    const target = this.fragmentTarget(type);
    const on = target ? ` on ${target.name}` : '';
    return `...${on}${this.condition()} ${this.selectionSet(target ?? type, depth)}`;
  }

  private fragmentSpread(type: GraphQLCompositeType, depth: number): string {
    const target = this.fragmentTarget(type) ?? type;
    const name = `F${this.fragments.length}`;
    this.fragments.push(''); // reserve the name before the body, which may declare fragments too
    this.fragments[Number(name.slice(1))] =
      `fragment ${name} on ${target.name} ${this.selectionSet(target, depth)}`;
    return `...${name}${this.condition()}`;
  }

  /** The type a fragment on `type` applies to: the type, a possible type, a supertype; undefined for none. */
  private fragmentTarget(type: GraphQLCompositeType): GraphQLCompositeType | undefined {
    const candidates: GraphQLCompositeType[] = [type];
    if (isAbstractType(type)) candidates.push(...this.schema.getPossibleTypes(type));
    if (isObjectType(type) || isInterfaceType(type)) candidates.push(...type.getInterfaces());
    if (isObjectType(type)) {
      for (const other of Object.values(this.schema.getTypeMap()))
        if (isUnionType(other) && other.getTypes().includes(type)) candidates.push(other);
    }
    if (this.chance(0.15)) return undefined;
    return this.pick(candidates);
  }

  private argumentsOf(args: readonly GraphQLArgument[]): string {
    const given = args.filter(
      (arg) => (isNonNullType(arg.type) && arg.defaultValue === undefined) || this.chance(0.4),
    );
    if (given.length === 0) return '';
    return `(${given.map((arg) => `${arg.name}: ${this.argumentValue(arg)}`).join(', ')})`;
  }

  private argumentValue(arg: GraphQLArgument): string {
    const value = this.inputValue(arg.type, arg.name, 0);
    if (!this.options.probe && this.chance(0.3)) {
      const name = `a${this.variableDefinitions.length}`;
      const typeText = String(arg.type);
      if (this.chance(0.4)) {
        const literal = astFromValue(value, arg.type);
        if (literal) {
          this.variableDefinitions.push(`$${name}: ${typeText} = ${print(literal)}`);
          return `$${name}`;
        }
      }
      this.variableDefinitions.push(`$${name}: ${typeText}`);
      this.variables[name] = value;
      return `$${name}`;
    }
    const literal = astFromValue(value, arg.type);
    return literal ? print(literal) : 'null';
  }

  private inputValue(type: GraphQLInputType, name: string, depth: number): unknown {
    if (!isNonNullType(type) && depth > 0 && this.chance(0.1)) return null;
    const nullable = getNullableType(type);
    if (isListType(nullable)) {
      const length = Math.floor(this.random() * 3);
      return Array.from({ length }, () => this.inputValue(nullable.ofType, name, depth + 1));
    }
    if (isEnumType(nullable)) return this.pick(nullable.getValues()).value;
    if (isInputObjectType(nullable)) {
      const record: Record<string, unknown> = {};
      for (const field of Object.values(nullable.getFields())) {
        const required = isNonNullType(field.type) && field.defaultValue === undefined;
        if (required || (depth < 2 && this.chance(0.4)))
          record[field.name] = this.inputValue(field.type, field.name, depth + 1);
      }
      return record;
    }
    if (isScalarType(nullable)) return this.scalarValue(nullable.name, name);
    return null;
  }

  private scalarValue(typeName: string, name: string): unknown {
    const samples = this.options.samples;
    const known = [
      ...(samples?.byName.get(name) ?? []),
      ...(name.endsWith('Id') || name.endsWith('ID') ? (samples?.byName.get('id') ?? []) : []),
    ].filter((value) => matchesScalar(typeName, value));
    const ofType = (samples?.byType.get(typeName) ?? []).filter((value) => matchesScalar(typeName, value));
    if (known.length > 0 && this.chance(0.8)) return this.pick(known);
    if (ofType.length > 0 && this.chance(0.5)) return this.pick(ofType);
    switch (typeName) {
      case 'Int':
        return Math.floor(this.random() * 5);
      case 'Float':
        return Math.floor(this.random() * 20) / 4;
      case 'Boolean':
        return this.chance(0.5);
      default:
        return this.pick(MADE_UP_STRINGS);
    }
  }
}

function matchesScalar(typeName: string, value: unknown): boolean {
  switch (typeName) {
    case 'Int':
      // Small: page sizes and counts multiply through nested lists.
      return Number.isInteger(value) && Math.abs(value as number) <= 10;
    case 'Float':
      return typeof value === 'number';
    case 'Boolean':
      return typeof value === 'boolean';
    case 'ID':
      return typeof value === 'string' || Number.isInteger(value);
    default:
      return typeof value === 'string';
  }
}
