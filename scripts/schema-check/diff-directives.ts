import type { GraphQLDirective, GraphQLSchema } from 'graphql';
import type { ChangeList } from './change-list.js';
import { diffArguments } from './diff-input-values.js';

/** Directives removed, added, or changed in locations, repeatability or arguments. */
export function diffDirectives(before: GraphQLSchema, after: GraphQLSchema, changes: ChangeList): void {
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
