/** The GraphQL spec sections that decide the answers stated where the oracle is known to be wrong. */
export const SPEC_SECTIONS = {
  operationNotFound: '6.1 Executing Requests (GetOperation fails: a request error)',
  argumentsMakeDistinctFields: '6.4.1 Coercing Field Arguments (a field is resolved with its own arguments)',
  responseKeyIsTheAlias: '6.3.2 Field Collection (fields are keyed by response name, the alias)',
  defaultArgumentValue: '6.4.1 Coercing Field Arguments (an omitted argument takes its default)',
  everyFieldResolves: '6.4 Executing Fields (every field resolves; its @requires are fetched first)',
  enumResultCoercion: '6.4.3 Value Completion (a value outside the enum fails CoerceResult)',
  nullInNonNullField: '6.4.3 Value Completion (null in a non-null field raises a field error)',
  errorPathNamesTheField: '7.1.2 Errors (the path names the response field the error is about)',
  errorPathIsConcrete: '7.1.2 Errors (a path holds field names and list indices only)',
} as const;
