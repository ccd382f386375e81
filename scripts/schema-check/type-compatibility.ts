import {
  type GraphQLInputType,
  type GraphQLOutputType,
  type GraphQLType,
  getNamedType,
  isListType,
  isNamedType,
  isNonNullType,
} from 'graphql';

/**
 * Whether a field that returned `before` and now returns `after` still gives clients what they
 * expect: the same named type, the same list shape, and no position that may now be null.
 */
export function isSafeOutputTypeChange(before: GraphQLOutputType, after: GraphQLOutputType): boolean {
  if (isListType(before)) {
    return (
      (isListType(after) && isSafeOutputTypeChange(before.ofType, after.ofType)) ||
      (isNonNullType(after) && isSafeOutputTypeChange(before, after.ofType))
    );
  }
  if (isNonNullType(before))
    return isNonNullType(after) && isSafeOutputTypeChange(before.ofType, after.ofType);
  return (
    (isNamedType(after) && before.name === after.name) ||
    (isNonNullType(after) && isSafeOutputTypeChange(before, after.ofType))
  );
}

/**
 * Whether an argument or input field of type `before` still accepts everything clients sent when
 * it becomes `after`: the same named type and list shape, and no position that is now required.
 */
export function isSafeInputTypeChange(before: GraphQLInputType, after: GraphQLInputType): boolean {
  if (isListType(before)) return isListType(after) && isSafeInputTypeChange(before.ofType, after.ofType);
  if (isNonNullType(before)) {
    return (
      (isNonNullType(after) && isSafeInputTypeChange(before.ofType, after.ofType)) ||
      (!isNonNullType(after) && isSafeInputTypeChange(before.ofType, after))
    );
  }
  return isNamedType(after) && before.name === after.name;
}

/** Whether two types differ only in where `!` appears. */
export function differsOnlyInNullability(before: GraphQLType, after: GraphQLType): boolean {
  return getNamedType(before).name === getNamedType(after).name && listShape(before) === listShape(after);
}

function listShape(type: GraphQLType): string {
  if (isNonNullType(type)) return listShape(type.ofType);
  if (isListType(type)) return `[${listShape(type.ofType)}]`;
  return '_';
}
