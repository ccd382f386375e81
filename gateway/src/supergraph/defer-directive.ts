import {
  type ASTVisitor,
  DirectiveLocation,
  type DirectiveNode,
  GraphQLBoolean,
  GraphQLDirective,
  GraphQLError,
  GraphQLNonNull,
  GraphQLSchema,
  GraphQLString,
  Kind,
  type SelectionSetNode,
  type ValidationContext,
} from 'graphql';

/**
 * `@defer(label: String, if: Boolean! = true) on FRAGMENT_SPREAD | INLINE_FRAGMENT`, as the
 * incremental delivery RFC declares it: graphql 16 does not define it.
 */
export const GraphQLDeferDirective = new GraphQLDirective({
  name: 'defer',
  description:
    'Delivers the fragment after the rest of the response (multipart/mixed incremental delivery), unless `if` is false.',
  locations: [DirectiveLocation.FRAGMENT_SPREAD, DirectiveLocation.INLINE_FRAGMENT],
  args: {
    label: { type: GraphQLString, description: 'Names the deferred payloads of this fragment.' },
    if: { type: new GraphQLNonNull(GraphQLBoolean), defaultValue: true },
  },
});

const withDefer = new WeakMap<GraphQLSchema, GraphQLSchema>();

/** The API schema with `@defer` declared (unless the schema declares a directive of that name). */
export function withDeferDirective(schema: GraphQLSchema): GraphQLSchema {
  if (schema.getDirective('defer')) return schema;
  let extended = withDefer.get(schema);
  if (!extended) {
    const config = schema.toConfig();
    extended = new GraphQLSchema({ ...config, directives: [...config.directives, GraphQLDeferDirective] });
    withDefer.set(schema, extended);
  }
  return extended;
}

/**
 * Validation of `@defer` and `@stream` as the incremental delivery RFC has it: no `@defer` on
 * the root fields of a mutation (they must run one after the other, whole) nor anywhere in a
 * subscription (unless `if: false`); labels static and unique; `@stream` is not served (lists are
 * returned whole), with a message that says so.
 */
export function incrementalDeliveryRules(): ((context: ValidationContext) => ASTVisitor)[] {
  return [deferOnRootFieldRule, deferLabelRule, streamRule];
}

function deferOnRootFieldRule(context: ValidationContext): ASTVisitor {
  return {
    OperationDefinition(operation) {
      if (operation.operation === 'mutation') {
        const rootType = context.getSchema().getMutationType()?.name ?? 'Mutation';
        for (const directive of activeDefers(context, operation.selectionSet, false)) {
          context.reportError(
            new GraphQLError(`Defer directive cannot be used on root mutation type "${rootType}".`, {
              nodes: [directive],
            }),
          );
        }
      }
      if (operation.operation === 'subscription') {
        for (const directive of activeDefers(context, operation.selectionSet, true)) {
          context.reportError(
            new GraphQLError(
              'Defer directive not supported on subscription operations. Disable `@defer` by setting the `if` argument to `false`.',
              { nodes: [directive] },
            ),
          );
        }
      }
    },
  };
}

/**
 * The `@defer`s (not turned off by `if: false`) on fragments of a selection set, through fragment
 * spreads: of the root selection set only, or with `belowFields` also inside every field's.
 */
function activeDefers(
  context: ValidationContext,
  selectionSet: SelectionSetNode,
  belowFields: boolean,
  visited: Set<string> = new Set(),
): DirectiveNode[] {
  const found: DirectiveNode[] = [];
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (belowFields && selection.selectionSet) {
        found.push(...activeDefers(context, selection.selectionSet, belowFields, visited));
      }
      continue;
    }
    const defer = activeDefer(selection.directives);
    if (defer) found.push(defer);
    if (selection.kind === Kind.INLINE_FRAGMENT) {
      found.push(...activeDefers(context, selection.selectionSet, belowFields, visited));
    } else if (!visited.has(selection.name.value)) {
      visited.add(selection.name.value);
      const fragment = context.getFragment(selection.name.value);
      if (fragment) found.push(...activeDefers(context, fragment.selectionSet, belowFields, visited));
    }
  }
  return found;
}

function activeDefer(directives: readonly DirectiveNode[] | undefined): DirectiveNode | undefined {
  const defer = directives?.find((directive) => directive.name.value === 'defer');
  if (!defer) return undefined;
  const condition = defer.arguments?.find((argument) => argument.name.value === 'if')?.value;
  return condition?.kind === Kind.BOOLEAN && !condition.value ? undefined : defer;
}

function deferLabelRule(context: ValidationContext): ASTVisitor {
  const labels = new Map<string, DirectiveNode>();
  return {
    Directive(directive) {
      if (directive.name.value !== 'defer') return;
      const label = directive.arguments?.find((argument) => argument.name.value === 'label')?.value;
      if (!label) return;
      if (label.kind !== Kind.STRING) {
        context.reportError(
          new GraphQLError('Defer directive label argument must be a static string.', { nodes: [directive] }),
        );
        return;
      }
      const earlier = labels.get(label.value);
      if (earlier) {
        context.reportError(
          new GraphQLError(`Defer directive label argument must be unique: "${label.value}" is used twice.`, {
            nodes: [earlier, directive],
          }),
        );
      } else labels.set(label.value, directive);
    },
  };
}

function streamRule(context: ValidationContext): ASTVisitor {
  return {
    Directive(directive) {
      if (directive.name.value !== 'stream') return;
      context.reportError(
        new GraphQLError(
          'The @stream directive is not supported: this gateway returns lists whole. Use @defer on a fragment to deliver part of a response later.',
          { nodes: [directive] },
        ),
      );
    },
  };
}
