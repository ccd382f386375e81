import {
  type GraphQLEnumType,
  type GraphQLField,
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
  isObjectType,
  isSpecifiedScalarType,
  isUnionType,
} from 'graphql';
import { ChangeList } from './change-list.js';
import { diffDirectives } from './diff-directives.js';
import { diffArguments, diffInputFields } from './diff-input-values.js';
import type { ChangeKind, SchemaChange } from './schema-change.js';
import { differsOnlyInNullability, isSafeOutputTypeChange } from './type-compatibility.js';

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
