import {
  type ArgumentNode,
  type GraphQLInputType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  Kind,
  parseType,
  typeFromAST,
} from 'graphql';
import type { ContextArgument } from '../supergraph/supergraph-model.js';
import { concreteTypeConditions, internalSelections, toRequireSelections } from './data-keys.js';
import type { SelectionRouter } from './entity-jumps.js';
import type { FetchGroup } from './fetch-group.js';
import type { NormalizedField } from './normalized-operation.js';
import { fieldPathOf, PlanningError } from './planning-error.js';
import { type Position, printPath, withoutTypeFilter } from './planning-position.js';
import type { ContextArgumentRead, InputShape } from './query-plan.js';
import type { SupergraphIndex } from './supergraph-index.js';

/** A contextual argument as planned: its variable and what the executor reads for it. */
export interface PlannedContextArgument extends ContextArgumentRead {
  /** The argument's name in the subgraph. */
  readonly name: string;
}

/**
 * Plans the arguments a field takes from an ancestor (`@fromContext`): finds the nearest
 * ancestor object whose type sets the context, fetches what the argument reads from it there
 * (like a `@requires`), and names a variable that stands for the value in the entity fetch.
 * Arguments reading the same thing from the same ancestors share their variable.
 */
export class ContextArguments {
  private readonly variables = new Map<string, string>();

  constructor(
    private readonly index: SupergraphIndex,
    private readonly router: SelectionRouter,
    /** The client operation's variable names, which the plan's own must not take. */
    private readonly clientVariables: ReadonlySet<string>,
  ) {}

  /** Plans each argument's read; the fetches returning the values join `providers`. */
  plan(
    position: Position,
    field: NormalizedField,
    contextArguments: readonly ContextArgument[],
    providers: Set<FetchGroup>,
  ): PlannedContextArgument[] {
    return contextArguments.map((argument) => {
      const ancestor = this.ancestorSetting(position, argument.context);
      if (!ancestor) {
        throw new PlanningError(
          `${position.type}.${field.name} at ${printPath(position.path)} reads context "${argument.context}", which no object above it sets.`,
          fieldPathOf(position.path, field.responseKey),
        );
      }
      // Read where the ancestor was first returned: the fetch most likely to resolve the field too.
      const read = internalSelections(ancestor.client, argument.selection);
      this.router.planSelections(ancestor.origin ?? ancestor, read, [], providers);
      const ancestorPath = withoutTypeFilter(ancestor.path);
      const selection = concreteTypeConditions(this.index, toRequireSelections(read));
      const identity = `${ancestorPath.join('.')}|${argument.context}|${JSON.stringify(selection)}|${argument.type}`;
      return {
        name: argument.name,
        variable: this.variableFor(identity),
        ancestorPath,
        selection,
        type: this.inputShape(argument.type),
      };
    });
  }

  /** The nearest object, from the field's own object up, whose type sets the context. */
  private ancestorSetting(position: Position, context: string): Position | undefined {
    for (let current: Position | undefined = position; current; current = current.via?.parent) {
      if (this.index.setsContext(current.type, context)) return current;
    }
    return undefined;
  }

  private variableFor(identity: string): string {
    let variable = this.variables.get(identity);
    if (variable === undefined) {
      variable = `hx_ctx_${this.variables.size}`;
      while (this.clientVariables.has(variable)) variable = `_${variable}`;
      this.variables.set(identity, variable);
    }
    return variable;
  }

  private inputShape(type: string): InputShape {
    const resolved = typeFromAST(this.index.model.schema, parseType(type)) as GraphQLInputType | undefined;
    if (!resolved)
      throw new PlanningError(`A context argument has type ${type}, which the supergraph does not define.`);
    return shapeOf(resolved);
  }
}

/** The field with its contextual arguments, each given as the variable standing for its value. */
export function withContextArguments(
  field: NormalizedField,
  planned: readonly PlannedContextArgument[],
): NormalizedField {
  const added = planned.map(
    (argument): ArgumentNode => ({
      kind: Kind.ARGUMENT,
      name: { kind: Kind.NAME, value: argument.name },
      value: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: argument.variable } },
    }),
  );
  return { ...field, arguments: [...field.arguments, ...added] };
}

function shapeOf(type: GraphQLInputType): InputShape {
  if (isNonNullType(type)) return shapeOf(type.ofType);
  if (isListType(type)) return { kind: 'list', of: shapeOf(type.ofType) };
  if (isEnumType(type)) return { kind: 'enum' };
  if (isInputObjectType(type)) {
    const fields: Record<string, InputShape> = {};
    for (const [name, field] of Object.entries(type.getFields())) fields[name] = shapeOf(field.type);
    return { kind: 'object', fields };
  }
  return { kind: 'scalar' };
}
