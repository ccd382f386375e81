import {
  type ConstDirectiveNode,
  type DocumentNode,
  type FieldDefinitionNode,
  type GraphQLSchema,
  isInterfaceType,
  isObjectType,
  isUnionType,
  Kind,
  type SelectionSetNode,
} from 'graphql';
import { booleanArgument, stringArgument } from './directive-arguments.js';
import { fieldSetArgument } from './field-set.js';
import type { JoinSpec } from './join-spec.js';
import { readContextArguments, readTypeContexts } from './read-contexts.js';
import { SupergraphError } from './supergraph-error.js';
import type {
  CompositeTypeModel,
  EntityKey,
  FieldSource,
  SubgraphInfo,
  TypeInSubgraph,
} from './supergraph-model.js';

interface MutableType {
  name: string;
  kind: CompositeTypeModel['kind'];
  subgraphs: Map<string, TypeInSubgraph & { keys: EntityKey[]; extensionKeys: EntityKey[] }>;
  fields: Map<string, { name: string; sources: Map<string, FieldSource>; typesIn: Map<string, string> }>;
  possibleTypes: Map<string, Set<string>>;
  contexts: Set<string>;
  implementsIn: Map<string, Set<string>>;
  unionMembersIn: Map<string, Set<string>>;
}

interface ReadContext {
  join: JoinSpec;
  /** What `@context` is called in this supergraph; undefined when it links no context spec. */
  contextDirective: string | undefined;
  source: string;
  graphs: ReadonlyMap<string, SubgraphInfo>;
  schema: GraphQLSchema;
}

/**
 * Builds the federation metadata of every object, interface and union type from its
 * `@join__*` directives. Federation 1 supergraphs (`@join__owner`, value types without
 * `@join__type`) are read with the meaning Federation 1 gave them.
 */
export function readTypes(document: DocumentNode, context: ReadContext): Map<string, CompositeTypeModel> {
  const types = new Map<string, MutableType>();
  let sawImplements = false;
  let sawUnionMember = false;
  for (const definition of document.definitions) {
    if (
      definition.kind !== Kind.OBJECT_TYPE_DEFINITION &&
      definition.kind !== Kind.INTERFACE_TYPE_DEFINITION &&
      definition.kind !== Kind.UNION_TYPE_DEFINITION
    ) {
      continue;
    }
    const name = definition.name.value;
    if (name.startsWith('__')) continue;
    const kind =
      definition.kind === Kind.OBJECT_TYPE_DEFINITION
        ? 'object'
        : definition.kind === Kind.INTERFACE_TYPE_DEFINITION
          ? 'interface'
          : 'union';
    const directives = definition.directives ?? [];
    const type: MutableType = {
      name,
      kind,
      subgraphs: new Map(),
      fields: new Map(),
      possibleTypes: new Map(),
      contexts: readTypeContexts(directives, context.contextDirective),
      implementsIn: new Map(),
      unionMembersIn: new Map(),
    };
    readTypeDirectives(type, directives, context);
    for (const directive of directives) {
      if (directive.name.value === context.join.name('implements')) {
        sawImplements = true;
        const graph = subgraphOf(directive, context, `type ${name}`);
        const iface = stringArgument(directive, 'interface');
        if (graph && iface) setOf(type.implementsIn, graph).add(iface);
      } else if (directive.name.value === context.join.name('unionMember')) {
        sawUnionMember = true;
        const graph = subgraphOf(directive, context, `union ${name}`);
        const member = stringArgument(directive, 'member');
        if (graph && member) setOf(type.unionMembersIn, graph).add(member);
      }
    }
    if (definition.kind !== Kind.UNION_TYPE_DEFINITION) {
      const owner = ownerOf(directives, context, name);
      for (const field of definition.fields ?? []) {
        type.fields.set(field.name.value, {
          name: field.name.value,
          sources: readFieldSources(type, field, owner, context),
          typesIn: readFieldTypes(type, field, context),
        });
      }
    }
    types.set(name, type);
  }
  for (const type of types.values()) {
    markKeyFieldsResolvable(type, types, context);
  }
  for (const type of types.values()) {
    addInterfaceObjectSources(type, types, context);
    computePossibleTypes(type, types, context, { sawImplements, sawUnionMember });
  }
  return types as Map<string, CompositeTypeModel>;
}

function readTypeDirectives(
  type: MutableType,
  directives: readonly ConstDirectiveNode[],
  context: ReadContext,
) {
  const typeDirective = context.join.name('type');
  const applications = directives.filter((directive) => directive.name.value === typeDirective);
  if (applications.length === 0) {
    // Federation 1 value types (and root types) carry no @join__type: every subgraph may define them.
    for (const info of context.graphs.values()) {
      type.subgraphs.set(info.name, { keys: [], extensionKeys: [], isInterfaceObject: false });
    }
    return;
  }
  for (const application of applications) {
    const graph = subgraphOf(application, context, `type ${type.name}`);
    if (!graph) {
      throw new SupergraphError(context.source, `type ${type.name}: @${typeDirective} has no graph argument`);
    }
    const entry = type.subgraphs.get(graph) ?? {
      keys: [],
      extensionKeys: [],
      isInterfaceObject: false,
    };
    const isInterfaceObject = booleanArgument(application, 'isInterfaceObject', false);
    const selectionSet = fieldSetArgument(application, 'key', `type ${type.name}`, context.source);
    const next = { ...entry, isInterfaceObject: entry.isInterfaceObject || isInterfaceObject };
    if (selectionSet) {
      const key: EntityKey = {
        fields: stringArgument(application, 'key') ?? '',
        selectionSet,
        resolvable: booleanArgument(application, 'resolvable', true),
      };
      next.keys = [...entry.keys, key];
      if (booleanArgument(application, 'extension', false) || context.join.isFederation1) {
        next.extensionKeys = [...entry.extensionKeys, key];
      }
    }
    type.subgraphs.set(graph, next);
  }
}

function ownerOf(
  directives: readonly ConstDirectiveNode[],
  context: ReadContext,
  typeName: string,
): string | undefined {
  const owner = directives.find((directive) => directive.name.value === context.join.name('owner'));
  return owner ? subgraphOf(owner, context, `type ${typeName}`) : undefined;
}

function readFieldSources(
  type: MutableType,
  field: FieldDefinitionNode,
  owner: string | undefined,
  context: ReadContext,
): Map<string, FieldSource> {
  const where = `field ${type.name}.${field.name.value}`;
  const fieldDirective = context.join.name('field');
  const applications = (field.directives ?? []).filter(
    (directive) => directive.name.value === fieldDirective,
  );
  const sources = new Map<string, FieldSource>();
  /** Subgraph names labelled overrides take the field from, with their labels. */
  const overriddenFrom = new Map<string, string>();
  if (applications.length === 0) {
    if (owner) sources.set(owner, {});
    else for (const graph of type.subgraphs.keys()) sources.set(graph, {});
    return sources;
  }
  for (const application of applications) {
    // A @join__field without a graph marks a field that no subgraph resolves directly
    // (one contributed by an @interfaceObject): nothing to read here.
    const graph = subgraphOf(application, context, where);
    if (!graph) continue;
    if (booleanArgument(application, 'external', false)) continue;
    // A progressive override (`@override(label:)`) keeps both sides, each active on one outcome
    // of the label's draw: the overriding subgraph while it is enabled, the other otherwise.
    const label = stringArgument(application, 'overrideLabel');
    if (label === undefined && booleanArgument(application, 'usedOverridden', false)) continue;
    const requires = fieldSetArgument(application, 'requires', where, context.source);
    const provides = fieldSetArgument(application, 'provides', where, context.source);
    const contextArguments = readContextArguments(application, where, context.source);
    sources.set(graph, {
      ...(requires && { requires }),
      ...(provides && { provides }),
      ...(contextArguments && { contextArguments }),
      ...(label !== undefined && {
        overrideLabel: { label, enabled: stringArgument(application, 'override') !== undefined },
      }),
    });
    const from = stringArgument(application, 'override');
    if (label !== undefined && from !== undefined) overriddenFrom.set(from, label);
  }
  // The subgraph a labelled override takes the field from resolves it only while the label is
  // off, also where its own @join__field carries no label (a root field, a shareable one).
  for (const [graph, source] of sources) {
    const label = overriddenFrom.get(graph);
    if (label !== undefined && !source.overrideLabel)
      sources.set(graph, { ...source, overrideLabel: { label, enabled: false } });
  }
  return sources;
}

/** The type each subgraph declares a field with, where `@join__field(type:)` records it. */
function readFieldTypes(
  type: MutableType,
  field: FieldDefinitionNode,
  context: ReadContext,
): Map<string, string> {
  const typesIn = new Map<string, string>();
  for (const application of field.directives ?? []) {
    if (application.name.value !== context.join.name('field')) continue;
    const graph = subgraphOf(application, context, `field ${type.name}.${field.name.value}`);
    const declared = stringArgument(application, 'type');
    if (graph && declared) typesIn.set(graph, declared);
  }
  return typesIn;
}

/**
 * Key fields of a key declared on a type extension (and every key of a Federation 1 supergraph)
 * are resolvable by the subgraph declaring the key even when it marks them `@external`.
 */
function markKeyFieldsResolvable(type: MutableType, types: Map<string, MutableType>, context: ReadContext) {
  for (const [graph, entry] of type.subgraphs) {
    for (const key of entry.extensionKeys) markSelections(type, key.selectionSet, graph, types, context);
  }
}

function markSelections(
  type: MutableType,
  selectionSet: SelectionSetNode,
  graph: string,
  types: Map<string, MutableType>,
  context: ReadContext,
) {
  for (const selection of selectionSet.selections) {
    if (selection.kind !== Kind.FIELD) continue;
    const field = type.fields.get(selection.name.value);
    if (!field) continue;
    if (!field.sources.has(graph)) field.sources.set(graph, {});
    if (selection.selectionSet) {
      const fieldType = fieldTypeName(context.schema, type.name, selection.name.value);
      const nested = fieldType ? types.get(fieldType) : undefined;
      if (nested) markSelections(nested, selection.selectionSet, graph, types, context);
    }
  }
}

function fieldTypeName(schema: GraphQLSchema, typeName: string, fieldName: string): string | undefined {
  const type = schema.getType(typeName);
  if (!isObjectType(type) && !isInterfaceType(type)) return undefined;
  let fieldType = type.getFields()[fieldName]?.type;
  while (fieldType && 'ofType' in fieldType) fieldType = fieldType.ofType;
  return fieldType?.name;
}

/** An object type gains the fields its interfaces resolve in `@interfaceObject` subgraphs. */
function addInterfaceObjectSources(type: MutableType, types: Map<string, MutableType>, context: ReadContext) {
  if (type.kind !== 'object') return;
  const objectType = context.schema.getType(type.name);
  if (!isObjectType(objectType)) return;
  for (const iface of objectType.getInterfaces()) {
    const ifaceModel = types.get(iface.name);
    if (!ifaceModel) continue;
    for (const [graph, entry] of ifaceModel.subgraphs) {
      if (!entry.isInterfaceObject) continue;
      for (const [fieldName, ifaceField] of ifaceModel.fields) {
        const source = ifaceField.sources.get(graph);
        const field = type.fields.get(fieldName);
        if (!source || !field || field.sources.has(graph)) continue;
        field.sources.set(graph, { ...source, viaInterfaceObject: iface.name });
      }
    }
  }
}

function computePossibleTypes(
  type: MutableType,
  types: Map<string, MutableType>,
  context: ReadContext,
  seen: { sawImplements: boolean; sawUnionMember: boolean },
) {
  const abstractType = context.schema.getType(type.name);
  if (!isInterfaceType(abstractType) && !isUnionType(abstractType)) return;
  const candidates = context.schema.getPossibleTypes(abstractType);
  for (const [graph, entry] of type.subgraphs) {
    const possible = new Set<string>();
    if (!entry.isInterfaceObject) {
      for (const candidate of candidates) {
        const model = types.get(candidate.name);
        if (!model?.subgraphs.has(graph)) continue;
        if (
          type.kind === 'interface' &&
          seen.sawImplements &&
          !model.implementsIn.get(graph)?.has(type.name)
        ) {
          continue;
        }
        if (
          type.kind === 'union' &&
          seen.sawUnionMember &&
          !type.unionMembersIn.get(graph)?.has(candidate.name)
        ) {
          continue;
        }
        possible.add(candidate.name);
      }
    }
    type.possibleTypes.set(graph, possible);
  }
}

function subgraphOf(directive: ConstDirectiveNode, context: ReadContext, where: string): string | undefined {
  const value = stringArgument(directive, 'graph');
  if (value === undefined) return undefined;
  const info = context.graphs.get(value);
  if (!info) {
    throw new SupergraphError(
      context.source,
      `${where}: @${directive.name.value}(graph: ${value}) names no value of ${context.join.name('Graph')}`,
    );
  }
  return info.name;
}

function setOf(map: Map<string, Set<string>>, key: string): Set<string> {
  let set = map.get(key);
  if (!set) {
    set = new Set();
    map.set(key, set);
  }
  return set;
}
