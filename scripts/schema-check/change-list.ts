import type { ChangeKind, ChangeSeverity, SchemaChange } from './schema-change.js';

const SEVERITY_ORDER: Record<ChangeSeverity, number> = { breaking: 0, dangerous: 1, safe: 2 };

/** The changes found so far, and what the diff needs to classify them. */
export class ChangeList {
  readonly #changes: SchemaChange[] = [];

  /** `outputEnums`: enums some field returns (a new value there is dangerous, not safe). */
  constructor(readonly outputEnums: ReadonlySet<string>) {}

  add(
    severity: ChangeSeverity,
    kind: ChangeKind,
    coordinate: string,
    description: string,
    reaches = coordinate,
  ): void {
    this.#changes.push({ severity, kind, coordinate, description, reaches });
  }

  sorted(): SchemaChange[] {
    return [...this.#changes].sort(
      (a, b) =>
        SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
        (a.coordinate < b.coordinate ? -1 : a.coordinate > b.coordinate ? 1 : 0),
    );
  }
}
