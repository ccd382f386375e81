import { Kind, parseType, type TypeNode } from 'graphql';
import type { FetchGroup } from './fetch-group.js';
import { responseKeyOf } from './normalized-operation.js';
import {
  printedArguments,
  type SubgraphField,
  type SubgraphSelection,
  withAlias,
} from './subgraph-selection.js';
import type { SupergraphIndex } from './supergraph-index.js';

/** A field of a subgraph operation, met while comparing the fields that share one level. */
interface Entry {
  /** The list holding the field: an aliased copy replaces it there. */
  readonly list: SubgraphSelection[];
  readonly field: SubgraphField;
  /** The field's parent type at each level from the operation's top, its own last. */
  readonly lineage: readonly string[];
  /** Its type as the subgraph declares it, parsed. */
  readonly type: TypeNode | undefined;
}

/**
 * Planner pass after hoisting conditions: keeps a fetch's operation valid in the subgraph's own
 * schema. Fields sharing a response key must have the same shape there (spec 5.3.2, Field
 * Selection Merging), and a subgraph may declare fields of sibling type conditions with types
 * the supergraph merged (`User.id: ID!` beside `Admin.id: ID`). Each such field gets an alias of
 * its own, kept in `group.restoredKeys` with the data key its value goes back under.
 */
export function aliasConflictingFields(group: FetchGroup, index: SupergraphIndex, rootType: string): void {
  const pass = new ConflictPass(group, index);
  const parent = group.kind === 'root' ? rootType : '_Entity';
  pass.visit(pass.collect(group.selections, parent, []));
}

class ConflictPass {
  private readonly taken = new Set<string>();
  private readonly parsed = new Map<string, TypeNode>();

  constructor(
    private readonly group: FetchGroup,
    private readonly index: SupergraphIndex,
  ) {
    collectResponseKeys(group.selections, this.taken);
  }

  /** The fields of a selection list (through its inline fragments), each with its parent type. */
  collect(
    list: SubgraphSelection[],
    parentType: string,
    lineage: readonly string[],
    into: Entry[] = [],
  ): Entry[] {
    for (const selection of list) {
      if (selection.kind === 'InlineFragment') {
        this.collect(selection.selections, selection.typeCondition ?? parentType, lineage, into);
        continue;
      }
      const declared = this.index.fieldTypeIn(this.group.subgraph, parentType, selection.name);
      into.push({
        list,
        field: selection,
        lineage: [...lineage, parentType],
        type: declared === undefined ? undefined : this.parse(declared),
      });
    }
    return into;
  }

  /**
   * Compares the fields of one level: those sharing a response key merge (their sub-selections
   * form the next level) unless they conflict, in which case the later one is aliased.
   */
  visit(entries: readonly Entry[]): void {
    const byKey = new Map<string, Entry[]>();
    for (const entry of entries) {
      const key = entry.field.alias ?? entry.field.name;
      const same = byKey.get(key);
      if (same) same.push(entry);
      else byKey.set(key, [entry]);
    }
    for (const same of byKey.values()) {
      const kept: Entry[] = [];
      for (const entry of same) {
        if (kept.some((other) => this.conflict(other, entry)))
          this.visit(this.childrenOf([this.alias(entry)]));
        else kept.push(entry);
      }
      const children = this.childrenOf(kept);
      if (children.length > 0) this.visit(children);
    }
  }

  private childrenOf(entries: readonly Entry[]): Entry[] {
    const children: Entry[] = [];
    for (const entry of entries) {
      if (!entry.field.selections || !entry.type) continue;
      this.collect(entry.field.selections, namedType(entry.type), entry.lineage, children);
    }
    return children;
  }

  private conflict(a: Entry, b: Entry): boolean {
    if (
      !this.mutuallyExclusive(a, b) &&
      (a.field.name !== b.field.name || printedArguments(a.field) !== printedArguments(b.field))
    ) {
      return true;
    }
    return a.type !== undefined && b.type !== undefined && this.typesConflict(a.type, b.type);
  }

  /** Fields that can never both apply to one object: at some level their parents are different object types. */
  private mutuallyExclusive(a: Entry, b: Entry): boolean {
    const subgraph = this.group.subgraph;
    return a.lineage.some((parent, level) => {
      const other = b.lineage[level];
      return (
        other !== undefined &&
        parent !== other &&
        this.index.isObjectTypeIn(subgraph, parent) &&
        this.index.isObjectTypeIn(subgraph, other)
      );
    });
  }

  /** graphql-js's `doTypesConflict`: list and non-null wrappers must match, leaf types be the same. */
  private typesConflict(a: TypeNode, b: TypeNode): boolean {
    if (a.kind !== Kind.NAMED_TYPE || b.kind !== Kind.NAMED_TYPE) {
      return a.kind !== b.kind || this.typesConflict(wrapped(a), wrapped(b));
    }
    const [left, right] = [a.name.value, b.name.value];
    return (this.index.isLeafType(left) || this.index.isLeafType(right)) && left !== right;
  }

  /** Gives the entry's field an alias no other response key of the operation uses. */
  private alias(entry: Entry): Entry {
    const dataKey = entry.field.alias ?? entry.field.name;
    let alias = `hx_${this.taken.size}_${dataKey}`;
    while (this.taken.has(alias)) alias = `_${alias}`;
    this.taken.add(alias);
    const aliased = withAlias(entry.field, alias);
    entry.list[entry.list.indexOf(entry.field)] = aliased;
    this.group.restoredKeys.set(alias, {
      dataKey,
      reportAs: entry.field.internal ? entry.field.name : responseKeyOf(dataKey),
    });
    return { ...entry, field: aliased };
  }

  private parse(type: string): TypeNode {
    let node = this.parsed.get(type);
    if (!node) {
      node = parseType(type);
      this.parsed.set(type, node);
    }
    return node;
  }
}

function wrapped(type: TypeNode): TypeNode {
  return type.kind === Kind.NAMED_TYPE ? type : type.type;
}

function namedType(type: TypeNode): string {
  return type.kind === Kind.NAMED_TYPE ? type.name.value : namedType(type.type);
}

function collectResponseKeys(list: readonly SubgraphSelection[], into: Set<string>): void {
  for (const selection of list) {
    if (selection.kind === 'Field') into.add(selection.alias ?? selection.name);
    if (selection.selections) collectResponseKeys(selection.selections, into);
  }
}
