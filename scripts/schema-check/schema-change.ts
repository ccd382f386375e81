/** How a change to the API schema affects existing clients. */
export type ChangeSeverity = 'breaking' | 'dangerous' | 'safe';

/** What changed, at the level a registry check reports. */
export type ChangeKind =
  | 'TYPE_ADDED'
  | 'TYPE_REMOVED'
  | 'TYPE_KIND_CHANGED'
  | 'TYPE_DESCRIPTION_CHANGED'
  | 'ROOT_TYPE_CHANGED'
  | 'FIELD_ADDED'
  | 'FIELD_REMOVED'
  | 'FIELD_TYPE_CHANGED'
  | 'FIELD_DEPRECATED'
  | 'FIELD_UNDEPRECATED'
  | 'FIELD_DESCRIPTION_CHANGED'
  | 'ARGUMENT_ADDED'
  | 'ARGUMENT_REMOVED'
  | 'ARGUMENT_TYPE_CHANGED'
  | 'ARGUMENT_DEFAULT_CHANGED'
  | 'INPUT_FIELD_ADDED'
  | 'INPUT_FIELD_REMOVED'
  | 'INPUT_FIELD_TYPE_CHANGED'
  | 'INPUT_FIELD_DEFAULT_CHANGED'
  | 'ENUM_VALUE_ADDED'
  | 'ENUM_VALUE_REMOVED'
  | 'ENUM_VALUE_DEPRECATED'
  | 'ENUM_VALUE_UNDEPRECATED'
  | 'UNION_MEMBER_ADDED'
  | 'UNION_MEMBER_REMOVED'
  | 'INTERFACE_ADDED'
  | 'INTERFACE_REMOVED'
  | 'DIRECTIVE_ADDED'
  | 'DIRECTIVE_REMOVED'
  | 'DIRECTIVE_LOCATION_ADDED'
  | 'DIRECTIVE_LOCATION_REMOVED'
  | 'DIRECTIVE_NO_LONGER_REPEATABLE';

/** One difference between the current and the proposed API schema. */
export interface SchemaChange {
  severity: ChangeSeverity;
  kind: ChangeKind;
  /** Schema coordinate of what changed: `Type`, `Type.field`, `Type.field(arg:)`, `Enum.VALUE`, `@dir`. */
  coordinate: string;
  /** One line for a person: what changed and, when not obvious, why it matters. */
  description: string;
  /**
   * The coordinate an operation must use for this change to reach it: usually `coordinate`, but a
   * new required argument reaches every caller of its field (`Type.field`).
   */
  reaches: string;
}
