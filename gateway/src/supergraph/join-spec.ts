import type { DocumentNode } from 'graphql';
import { specLinks } from './spec-links.js';

/** The `join` spec a supergraph links, and the names its directives go by. */
export interface JoinSpec {
  readonly version: string;
  /** Federation 1 supergraphs (`join/v0.1`): `@join__owner`, no `@join__implements`. */
  readonly isFederation1: boolean;
  /** The directive or type name for a spec element, e.g. `type` -> `join__type`. */
  name(element: string): string;
}

const JOIN_URL = /^https:\/\/specs\.apollo\.dev\/join\/v(\d+\.\d+)$/;

/** Finds the `join` spec from the schema's `@link` (Federation 2) or `@core` (Federation 1) applications. */
export function findJoinSpec(document: DocumentNode): JoinSpec | undefined {
  for (const link of specLinks(document)) {
    const match = JOIN_URL.exec(link.url);
    if (!match?.[1]) continue;
    const prefix = link.as ?? 'join';
    const version = match[1];
    return { version, isFederation1: version === '0.1', name: (element) => `${prefix}__${element}` };
  }
  return undefined;
}
