import {
  astFromValue,
  type GraphQLArgument,
  type GraphQLInputField,
  type GraphQLInputObjectType,
  isNonNullType,
  print,
} from 'graphql';
import type { ChangeList } from './change-list.js';
import type { ChangeKind } from './schema-change.js';
import { differsOnlyInNullability, isSafeInputTypeChange } from './type-compatibility.js';

/** Changes to the arguments of a field or directive (`owner` is its coordinate). */
export function diffArguments(
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

/** Changes to the fields of an input type. */
export function diffInputFields(
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

function isRequired(value: GraphQLArgument | GraphQLInputField): boolean {
  return isNonNullType(value.type) && value.defaultValue === undefined;
}

function printDefault(value: GraphQLArgument | GraphQLInputField): string | undefined {
  if (value.defaultValue === undefined) return undefined;
  const ast = astFromValue(value.defaultValue, value.type);
  return ast ? print(ast) : JSON.stringify(value.defaultValue);
}
