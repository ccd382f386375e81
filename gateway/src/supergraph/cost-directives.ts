import { type ConstDirectiveNode, type ConstValueNode, type DocumentNode, Kind } from 'graphql';
import { SupergraphError } from './supergraph-error.js';

/** One `@listSize` of the IBM GraphQL cost specification, as Federation composes it. */
export interface ListSizeDirective {
  /** The most items the field returns (the spec's `assumedSize`). */
  readonly assumedSize: number | undefined;
  /** Arguments whose value is the number of items returned. */
  readonly slicingArguments: readonly string[];
  /** Fields of the returned object whose lists the size applies to, instead of the field itself. */
  readonly sizedFields: readonly string[];
  /** Exactly one slicing argument must have a value (given, or defaulted in the schema). */
  readonly requireOneSlicingArgument: boolean;
}

/** The `@cost` and `@listSize` applications of a supergraph, by schema coordinate. */
export interface CostDirectives {
  /** `@cost(weight:)` of object, scalar and enum types, by type name. */
  readonly typeWeights: ReadonlyMap<string, number>;
  /** `@cost(weight:)` of output fields (`Type.field`) and input fields (`Input.field`). */
  readonly fieldWeights: ReadonlyMap<string, number>;
  /** `@cost(weight:)` of field arguments, as `Type.field(argument:)`. */
  readonly argumentWeights: ReadonlyMap<string, number>;
  /** `@listSize` of fields, as `Type.field`. */
  readonly listSizes: ReadonlyMap<string, ListSizeDirective>;
}

/** A supergraph without cost directives. */
export const noCostDirectives: CostDirectives = {
  typeWeights: new Map(),
  fieldWeights: new Map(),
  argumentWeights: new Map(),
  listSizes: new Map(),
};

const COST_SPEC = /^https:\/\/specs\.apollo\.dev\/cost\/v\d+\.\d+$/;

/**
 * Reads `@cost` and `@listSize` from a supergraph. Composition links them from the cost spec
 * (`@link(url: "https://specs.apollo.dev/cost/v0.1", import: [...])`), under their imported names,
 * `@<prefix>` and `@<prefix>__listSize` otherwise; a supergraph that links no cost spec but
 * defines directives named `cost` and `listSize` (`@composeDirective`) is read by those names.
 * Throws a SupergraphError naming the coordinate of a malformed application.
 */
export function readCostDirectives(document: DocumentNode, source: string): CostDirectives {
  const names = costDirectiveNames(document);
  if (!names) return noCostDirectives;
  const found = {
    typeWeights: new Map<string, number>(),
    fieldWeights: new Map<string, number>(),
    argumentWeights: new Map<string, number>(),
    listSizes: new Map<string, ListSizeDirective>(),
  };
  const weightOf = (directives: readonly ConstDirectiveNode[] | undefined, coordinate: string) => {
    const directive = directives?.find((candidate) => candidate.name.value === names.cost);
    return directive && costWeight(directive, coordinate, source);
  };
  for (const definition of document.definitions) {
    if (
      definition.kind === Kind.OBJECT_TYPE_DEFINITION ||
      definition.kind === Kind.OBJECT_TYPE_EXTENSION ||
      definition.kind === Kind.INTERFACE_TYPE_DEFINITION ||
      definition.kind === Kind.SCALAR_TYPE_DEFINITION ||
      definition.kind === Kind.ENUM_TYPE_DEFINITION
    ) {
      const typeName = definition.name.value;
      const typeWeight = weightOf(definition.directives, typeName);
      if (typeWeight !== undefined) found.typeWeights.set(typeName, typeWeight);
      if (!('fields' in definition)) continue;
      for (const field of definition.fields ?? []) {
        const coordinate = `${typeName}.${field.name.value}`;
        const weight = weightOf(field.directives, coordinate);
        if (weight !== undefined) found.fieldWeights.set(coordinate, weight);
        const listSize = field.directives?.find((candidate) => candidate.name.value === names.listSize);
        if (listSize) found.listSizes.set(coordinate, listSizeOf(listSize, coordinate, source));
        for (const argument of field.arguments ?? []) {
          const argumentCoordinate = `${coordinate}(${argument.name.value}:)`;
          const argumentWeight = weightOf(argument.directives, argumentCoordinate);
          if (argumentWeight !== undefined) found.argumentWeights.set(argumentCoordinate, argumentWeight);
        }
      }
    } else if (definition.kind === Kind.INPUT_OBJECT_TYPE_DEFINITION) {
      for (const field of definition.fields ?? []) {
        const coordinate = `${definition.name.value}.${field.name.value}`;
        const weight = weightOf(field.directives, coordinate);
        if (weight !== undefined) found.fieldWeights.set(coordinate, weight);
      }
    }
  }
  return found;
}

/** The names `@cost` and `@listSize` go by in this supergraph, or undefined when it has neither. */
function costDirectiveNames(document: DocumentNode): { cost: string; listSize: string } | undefined {
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.SCHEMA_DEFINITION && definition.kind !== Kind.SCHEMA_EXTENSION) continue;
    for (const link of definition.directives ?? []) {
      if (link.name.value !== 'link') continue;
      const url = stringValue(argumentValue(link, 'url'));
      if (url === undefined || !COST_SPEC.test(url)) continue;
      const prefix = stringValue(argumentValue(link, 'as')) ?? 'cost';
      const imported = importedNames(argumentValue(link, 'import'));
      return {
        cost: imported.get('@cost') ?? prefix,
        listSize: imported.get('@listSize') ?? `${prefix}__listSize`,
      };
    }
  }
  const defined = new Set(
    document.definitions.flatMap((definition) =>
      definition.kind === Kind.DIRECTIVE_DEFINITION ? [definition.name.value] : [],
    ),
  );
  return defined.has('cost') || defined.has('listSize') ? { cost: 'cost', listSize: 'listSize' } : undefined;
}

/** `import: ["@cost", { name: "@listSize", as: "@size" }]` as original name -> local name (without `@`). */
function importedNames(value: ConstValueNode | undefined): Map<string, string> {
  const names = new Map<string, string>();
  if (value?.kind !== Kind.LIST) return names;
  for (const entry of value.values) {
    if (entry.kind === Kind.STRING) names.set(entry.value, entry.value.replace(/^@/, ''));
    if (entry.kind !== Kind.OBJECT) continue;
    const field = (name: string) =>
      stringValue(entry.fields.find((candidate) => candidate.name.value === name)?.value);
    const name = field('name');
    if (name !== undefined) names.set(name, (field('as') ?? name).replace(/^@/, ''));
  }
  return names;
}

/** `weight` is an `Int` in Federation's `@cost` and a numeric `String` in IBM's. */
function costWeight(directive: ConstDirectiveNode, coordinate: string, source: string): number {
  const value = argumentValue(directive, 'weight');
  const text =
    value?.kind === Kind.INT || value?.kind === Kind.FLOAT || value?.kind === Kind.STRING
      ? value.value
      : undefined;
  const weight = text === undefined || text.trim() === '' ? Number.NaN : Number(text);
  if (!Number.isFinite(weight)) {
    throw new SupergraphError(source, `@${directive.name.value} on ${coordinate} needs a numeric weight`);
  }
  return weight;
}

function listSizeOf(directive: ConstDirectiveNode, coordinate: string, source: string): ListSizeDirective {
  const fail = (problem: string) => {
    throw new SupergraphError(source, `@${directive.name.value} on ${coordinate}: ${problem}`);
  };
  const assumed = argumentValue(directive, 'assumedSize');
  let assumedSize: number | undefined;
  if (assumed !== undefined && assumed.kind !== Kind.NULL) {
    assumedSize = assumed.kind === Kind.INT ? Number.parseInt(assumed.value, 10) : Number.NaN;
    if (!(assumedSize >= 0)) fail('assumedSize must be a whole number >= 0');
  }
  const names = (argument: string) => {
    const value = argumentValue(directive, argument);
    if (value === undefined || value.kind === Kind.NULL) return [];
    const list = value.kind === Kind.LIST ? value.values : [value];
    const strings = list.map(stringValue);
    if (strings.some((name) => name === undefined)) fail(`${argument} must be a list of names`);
    return strings as string[];
  };
  const requireOne = argumentValue(directive, 'requireOneSlicingArgument');
  return {
    assumedSize,
    slicingArguments: names('slicingArguments'),
    sizedFields: names('sizedFields'),
    requireOneSlicingArgument: requireOne?.kind === Kind.BOOLEAN ? requireOne.value : true,
  };
}

function argumentValue(directive: ConstDirectiveNode, name: string): ConstValueNode | undefined {
  return directive.arguments?.find((argument) => argument.name.value === name)?.value;
}

function stringValue(value: ConstValueNode | undefined): string | undefined {
  return value?.kind === Kind.STRING ? value.value : undefined;
}
