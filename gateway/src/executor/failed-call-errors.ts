import type { GraphQLError } from 'graphql';
import { pathKey, type ResponsePath } from './data-path.js';
import { failedFetchError } from './subgraph-errors.js';

/**
 * The errors of failed subgraph calls, bounded per call. A failed call (one upstream request,
 * however many plan steps it served) nulls every field it owned, which on a long page means
 * hundreds of paths: the first `limit` get an error each, with their concrete path; the others
 * fold into ONE more error, at the first of them, whose `extensions.foldedPaths` says how many
 * paths it stands for. Folded paths count as accounted for: their nulls raise no further error.
 */
export class FailedCallErrors {
  private readonly reported = new Map<unknown, { count: number; folded?: GraphQLError }>();

  constructor(
    private readonly errors: GraphQLError[],
    private readonly silenced: Set<string>,
    private readonly limit: number,
  ) {}

  /** Records that the field at `path` is missing because the call failed with `failure`. */
  report(failure: unknown, serviceName: string, path: ResponsePath): void {
    let entry = this.reported.get(failure);
    if (!entry) {
      entry = { count: 0 };
      this.reported.set(failure, entry);
    }
    entry.count += 1;
    if (entry.count <= this.limit) {
      this.errors.push(failedFetchError(failure, serviceName, path));
      return;
    }
    this.silenced.add(pathKey(path));
    if (!entry.folded) {
      entry.folded = failedFetchError(failure, serviceName, path);
      this.errors.push(entry.folded);
    }
    entry.folded.extensions.foldedPaths = entry.count - this.limit;
  }
}
