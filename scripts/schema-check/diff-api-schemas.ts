import {
  astFromValue,
  type GraphQLArgument,
  type GraphQLDirective,
  type GraphQLEnumType,
  type GraphQLField,
  type GraphQLInputField,
  type GraphQLInputObjectType,
  type GraphQLInterfaceType,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
  type GraphQLUnionType,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isIntrospectionType,
  isNonNullType,
  isObjectType,
  isSpecifiedScalarType,
  isUnionType,
  print,
} from 'graphql';
import type { ChangeKind, ChangeSeverity, SchemaChange } from './schema-change.js';
import {
  differsOnlyInNullability,
  isSafeInputTypeChange,
  isSafeOutputTypeChange,
} from './type-compatibility.js';

const SEVERITY_ORDER: Record<ChangeSeverity, number> = { breaking: 0, dangerous: 1, safe: 2 };

/**
 * Every difference between two API schemas, classified for existing clients: breaking (a valid
 * operation may fail or get data it cannot handle), dangerous (valid operations keep working but
 * may see something new, such as a new enum value in a response) or safe. Sorted by severity, then
 * coordinate.
 */
export function diffApiSchemas(before: GraphQLSchema, after: GraphQLSchema): SchemaChange[] {
  const changes = new ChangeList(outputEnumNames(after));
  diffRootTypes(before, after, changes);
  const beforeTypes = userTypes(before);
  const afterTypes = userTypes(after);
  for (const [name, type] of beforeTypes) {
    const next = afterTypes.get(name);
    if (!next) changes.add('breaking', 'TYPE_REMOVED', name, `${kindOf(type)} \`${name}\` was removed.`);
    else diffType(type, next, changes);
  }
  for (const [name, type] of afterTypes) {
    if (!beforeTypes.has(name))
      changes.add('safe', 'TYPE_ADDED', name, `${kindOf(type)} \`${name}\` was added.`);
  }
  diffDirectives(before, after, changes);
  return changes.sorted();
}

class ChangeList {
  readonly #changes: SchemaChange[] = [];

  constructor(readonly outputEnums: ReadonlySet<string>) {}

  add(
    severity: ChangeSeverity,
    kind: ChangeKind,
    coordinate: string,
    description: string,
    reaches = coordinate,
  ): void {
    this.#changes.push({ severity, kind, coordinate, description, reaches });
  }

  sorted(): SchemaChange[] {
    return [...this.#changes].sort(
      (a, b) =>
        SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
        (a.coordinate < b.coordinate ? -1 : a.coordinate > b.coordinate ? 1 : 0),
    );
  }
}

function diffRootTypes(before: GraphQLSchema, after: GraphQLSchema, changes: ChangeList): void {
  const roots = [
    ['query', before.getQueryType(), after.getQueryType()],
    ['mutation', before.getMutationType(), after.getMutationType()],
    ['subscription', before.getSubscriptionType(), after.getSubscriptionType()],
  ] as const;
  for (const [operation, was, now] of roots) {
    if (was && now && was.name !== now.name) {
      changes.add(
        'breaking',
        'ROOT_TYPE_CHANGED',
        was.name,
        `The ${operation} root type changed from \`${was.name}\` to \`${now.name}\`.`,
      );
    }
  }
}

function diffType(before: GraphQLNamedType, after: GraphQLNamedType, changes: ChangeList): void {
  const name = before.name;
  if (kindOf(before) !== kindOf(after)) {
    changes.add(
      'breaking',
      'TYPE_KIND_CHANGED',
      name,
      `\`${name}\` changed from ${article(kindOf(before))} to ${article(kindOf(after))}.`,
    );
    return;
  }
  if ((before.description ?? '') !== (after.description ?? '')) {
    changes.add('safe', 'TYPE_DESCRIPTION_CHANGED', name, `Description of \`${name}\` changed.`);
  }
  if (isObjectType(before) || isInterfaceType(before)) {
    const next = after as GraphQLObjectType | GraphQLInterfaceType;
    diffFields(before, next, changes);
    diffInterfaces(before, next, changes);
  } else if (isInputObjectType(before)) {
    diffInputFields(before, after as GraphQLInputObjectType, changes);
  } else if (isEnumType(before)) {
    diffEnumValues(before, after as GraphQLEnumType, changes);
  } else if (isUnionType(before)) {
    diffUnionMembers(before, after as GraphQLUnionType, changes);
  }
}

function diffFields(
  before: GraphQLObjectType | GraphQLInterfaceType,
  after: GraphQLObjectType | GraphQLInterfaceType,
  changes: ChangeList,
): void {
  const nextFields = after.getFields();
  for (const field of Object.values(before.getFields())) {
    const coordinate = `${before.name}.${field.name}`;
    const next = nextFields[field.name];
    if (!next) {
      changes.add('breaking', 'FIELD_REMOVED', coordinate, `Field \`${coordinate}\` was removed.`);
      continue;
    }
    diffField(coordinate, field, next, changes);
  }
  const fields = before.getFields();
  for (const field of Object.values(nextFields)) {
    if (fields[field.name]) continue;
    const coordinate = `${after.name}.${field.name}`;
    changes.add('safe', 'FIELD_ADDED', coordinate, `Field \`${coordinate}\` was added.`);
  }
}

function diffField(
  coordinate: string,
  before: GraphQLField<unknown, unknown>,
  after: GraphQLField<unknown, unknown>,
  changes: ChangeList,
): void {
  const was = String(before.type);
  const now = String(after.type);
  if (was !== now) {
    const safe = isSafeOutputTypeChange(before.type, after.type);
    const why = differsOnlyInNullability(before.type, after.type)
      ? safe
        ? ': it is never null now'
        : ': clients may now receive null'
      : '';
    changes.add(
      safe ? 'safe' : 'breaking',
      'FIELD_TYPE_CHANGED',
      coordinate,
      `Field \`${coordinate}\` changed type from \`${was}\` to \`${now}\`${why}.`,
    );
  }
  diffDeprecation(
    coordinate,
    `Field \`${coordinate}\``,
    before.deprecationReason,
    after.deprecationReason,
    ['FIELD_DEPRECATED', 'FIELD_UNDEPRECATED'],
    changes,
  );
  if ((before.description ?? '') !== (after.description ?? '')) {
    changes.add('safe', 'FIELD_DESCRIPTION_CHANGED', coordinate, `Description of \`${coordinate}\` changed.`);
  }
  diffArguments(coordinate, before.args, after.args, changes);
}

function diffArguments(
  owner: string,
  before: readonly GraphQLArgument[],
  after: readonly GraphQLArgument[],
  changes: ChangeList,
): void {
  for (const argument of before) {
    const coordinate = `${owner}(${argument.name}:)`;
    const next = after.find((candidate) => candidate.name === argument.name);
    if (!next) {
      changes.add('breaking', 'ARGUMENT_REMOVED', coordinate, `Argument \`${coordinate}\` was removed.`);
      continue;
    }
    diffInputValue(coordinate, 'Argument', argument, next, changes, [
      'ARGUMENT_TYPE_CHANGED',
      'ARGUMENT_DEFAULT_CHANGED',
    ]);
  }
  for (const argument of after) {
    if (before.some((candidate) => candidate.name === argument.name)) continue;
    const coordinate = `${owner}(${argument.name}:)`;
    if (isRequired(argument)) {
      changes.add(
        'breaking',
        'ARGUMENT_ADDED',
        coordinate,
        `Required argument \`${coordinate}\` was added: existing calls do not pass it.`,
        owner,
      );
    } else {
      changes.add('safe', 'ARGUMENT_ADDED', coordinate, `Optional argument \`${coordinate}\` was added.`);
    }
  }
}

function diffInputFields(
  before: GraphQLInputObjectType,
  after: GraphQLInputObjectType,
  changes: ChangeList,
): void {
  const nextFields = after.getFields();
  const fields = before.getFields();
  for (const field of Object.values(fields)) {
    const coordinate = `${before.name}.${field.name}`;
    const next = nextFields[field.name];
    if (!next) {
      changes.add(
        'breaking',
        'INPUT_FIELD_REMOVED',
        coordinate,
        `Input field \`${coordinate}\` was removed.`,
      );
      continue;
    }
    diffInputValue(coordinate, 'Input field', field, next, changes, [
      'INPUT_FIELD_TYPE_CHANGED',
      'INPUT_FIELD_DEFAULT_CHANGED',
    ]);
  }
  for (const field of Object.values(nextFields)) {
    if (fields[field.name]) continue;
    const coordinate = `${after.name}.${field.name}`;
    if (isRequired(field)) {
      changes.add(
        'breaking',
        'INPUT_FIELD_ADDED',
        coordinate,
        `Required input field \`${coordinate}\` was added: existing inputs do not set it.`,
        after.name,
      );
    } else {
      changes.add(
        'safe',
        'INPUT_FIELD_ADDED',
        coordinate,
        `Optional input field \`${coordinate}\` was added.`,
      );
    }
  }
}

function diffInputValue(
  coordinate: string,
  label: 'Argument' | 'Input field',
  before: GraphQLArgument | GraphQLInputField,
  after: GraphQLArgument | GraphQLInputField,
  changes: ChangeList,
  [typeChanged, defaultChanged]: [ChangeKind, ChangeKind],
): void {
  const was = String(before.type);
  const now = String(after.type);
  if (was !== now) {
    const safe = isSafeInputTypeChange(before.type, after.type);
    const why = differsOnlyInNullability(before.type, after.type)
      ? safe
        ? ': it accepts null now'
        : isNonNullType(after.type) && !isNonNullType(before.type)
          ? ': it is required now'
          : ': it no longer accepts null'
      : '';
    changes.add(
      safe ? 'safe' : 'breaking',
      typeChanged,
      coordinate,
      `${label} \`${coordinate}\` changed type from \`${was}\` to \`${now}\`${why}.`,
    );
    return;
  }
  const oldDefault = printDefault(before);
  const newDefault = printDefault(after);
  if (oldDefault !== newDefault) {
    changes.add(
      'dangerous',
      defaultChanged,
      coordinate,
      `Default of ${label.toLowerCase()} \`${coordinate}\` changed from ${oldDefault ?? 'none'} to ${newDefault ?? 'none'}: calls that omit it behave differently.`,
    );
  }
}

function diffEnumValues(before: GraphQLEnumType, after: GraphQLEnumType, changes: ChangeList): void {
  const nextValues = new Map(after.getValues().map((value) => [value.name, value]));
  const values = new Set(before.getValues().map((value) => value.name));
  for (const value of before.getValues()) {
    const coordinate = `${before.name}.${value.name}`;
    const next = nextValues.get(value.name);
    if (!next) {
      changes.add('breaking', 'ENUM_VALUE_REMOVED', coordinate, `Enum value \`${coordinate}\` was removed.`);
      continue;
    }
    diffDeprecation(
      coordinate,
      `Enum value \`${coordinate}\``,
      value.deprecationReason,
      next.deprecationReason,
      ['ENUM_VALUE_DEPRECATED', 'ENUM_VALUE_UNDEPRECATED'],
      changes,
    );
  }
  for (const value of after.getValues()) {
    if (values.has(value.name)) continue;
    const coordinate = `${after.name}.${value.name}`;
    if (changes.outputEnums.has(after.name)) {
      changes.add(
        'dangerous',
        'ENUM_VALUE_ADDED',
        coordinate,
        `Enum value \`${coordinate}\` was added: clients reading \`${after.name}\` may receive a value they do not know.`,
      );
    } else {
      changes.add('safe', 'ENUM_VALUE_ADDED', coordinate, `Enum value \`${coordinate}\` was added.`);
    }
  }
}

function diffUnionMembers(before: GraphQLUnionType, after: GraphQLUnionType, changes: ChangeList): void {
  const was = new Set(before.getTypes().map((type) => type.name));
  const now = new Set(after.getTypes().map((type) => type.name));
  for (const member of was) {
    if (now.has(member)) continue;
    changes.add(
      'breaking',
      'UNION_MEMBER_REMOVED',
      before.name,
      `\`${member}\` was removed from union \`${before.name}\`.`,
    );
  }
  for (const member of now) {
    if (was.has(member)) continue;
    changes.add(
      'dangerous',
      'UNION_MEMBER_ADDED',
      before.name,
      `\`${member}\` was added to union \`${before.name}\`: clients may receive a type they do not handle.`,
    );
  }
}

function diffInterfaces(
  before: GraphQLObjectType | GraphQLInterfaceType,
  after: GraphQLObjectType | GraphQLInterfaceType,
  changes: ChangeList,
): void {
  const was = new Set(before.getInterfaces().map((type) => type.name));
  const now = new Set(after.getInterfaces().map((type) => type.name));
  for (const name of was) {
    if (now.has(name)) continue;
    changes.add(
      'breaking',
      'INTERFACE_REMOVED',
      before.name,
      `\`${before.name}\` no longer implements interface \`${name}\`.`,
    );
  }
  for (const name of now) {
    if (was.has(name)) continue;
    changes.add(
      'dangerous',
      'INTERFACE_ADDED',
      before.name,
      `\`${before.name}\` now implements interface \`${name}\`: fields returning \`${name}\` may return it.`,
    );
  }
}

function diffDeprecation(
  coordinate: string,
  subject: string,
  was: string | null | undefined,
  now: string | null | undefined,
  [deprecated, undeprecated]: [ChangeKind, ChangeKind],
  changes: ChangeList,
): void {
  if (was == null && now != null) {
    changes.add('safe', deprecated, coordinate, `${subject} was deprecated: ${now}`);
  } else if (was != null && now == null) {
    changes.add('safe', undeprecated, coordinate, `${subject} is no longer deprecated.`);
  }
}

function diffDirectives(before: GraphQLSchema, after: GraphQLSchema, changes: ChangeList): void {
  const nextDirectives = new Map(after.getDirectives().map((directive) => [directive.name, directive]));
  const directives = new Set(before.getDirectives().map((directive) => directive.name));
  for (const directive of before.getDirectives()) {
    const coordinate = `@${directive.name}`;
    const next = nextDirectives.get(directive.name);
    if (!next) {
      changes.add('breaking', 'DIRECTIVE_REMOVED', coordinate, `Directive \`${coordinate}\` was removed.`);
      continue;
    }
    diffDirective(coordinate, directive, next, changes);
  }
  for (const directive of after.getDirectives()) {
    if (directives.has(directive.name)) continue;
    const coordinate = `@${directive.name}`;
    changes.add('safe', 'DIRECTIVE_ADDED', coordinate, `Directive \`${coordinate}\` was added.`);
  }
}

function diffDirective(
  coordinate: string,
  before: GraphQLDirective,
  after: GraphQLDirective,
  changes: ChangeList,
): void {
  for (const location of before.locations) {
    if (after.locations.includes(location)) continue;
    changes.add(
      'breaking',
      'DIRECTIVE_LOCATION_REMOVED',
      coordinate,
      `Directive \`${coordinate}\` can no longer be used on ${location}.`,
    );
  }
  for (const location of after.locations) {
    if (before.locations.includes(location)) continue;
    changes.add(
      'safe',
      'DIRECTIVE_LOCATION_ADDED',
      coordinate,
      `Directive \`${coordinate}\` can now be used on ${location}.`,
    );
  }
  if (before.isRepeatable && !after.isRepeatable) {
    changes.add(
      'breaking',
      'DIRECTIVE_NO_LONGER_REPEATABLE',
      coordinate,
      `Directive \`${coordinate}\` is no longer repeatable.`,
    );
  }
  diffArguments(coordinate, before.args, after.args, changes);
}

/** Names of the enums that some field returns: a new value there can surprise readers. */
function outputEnumNames(schema: GraphQLSchema): Set<string> {
  const names = new Set<string>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) && !isInterfaceType(type)) continue;
    for (const field of Object.values(type.getFields())) {
      const named = getNamedType(field.type);
      if (isEnumType(named)) names.add(named.name);
    }
  }
  return names;
}

function userTypes(schema: GraphQLSchema): Map<string, GraphQLNamedType> {
  return new Map(
    Object.values(schema.getTypeMap())
      .filter((type) => !isIntrospectionType(type) && !isSpecifiedScalarType(type))
      .map((type) => [type.name, type]),
  );
}

function isRequired(value: GraphQLArgument | GraphQLInputField): boolean {
  return isNonNullType(value.type) && value.defaultValue === undefined;
}

function printDefault(value: GraphQLArgument | GraphQLInputField): string | undefined {
  if (value.defaultValue === undefined) return undefined;
  const ast = astFromValue(value.defaultValue, value.type);
  return ast ? print(ast) : JSON.stringify(value.defaultValue);
}

function kindOf(type: GraphQLNamedType): string {
  if (isObjectType(type)) return 'Object type';
  if (isInterfaceType(type)) return 'Interface';
  if (isUnionType(type)) return 'Union';
  if (isEnumType(type)) return 'Enum';
  if (isInputObjectType(type)) return 'Input type';
  return 'Scalar';
}

function article(kind: string): string {
  const lower = kind.toLowerCase();
  return /^[aeiou]/.test(lower) ? `an ${lower}` : `a ${lower}`;
}
