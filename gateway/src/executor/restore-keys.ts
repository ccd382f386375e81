import { type DataObject, isDataObject, mergeData, setOwn } from './merge-data.js';

/**
 * Renames, in place and at any depth, the aliases a fetch gave fields that would have conflicted
 * in the subgraph's own schema (`FetchNode.restoredKeys`) back to their data keys. A value whose
 * data key is already there (the same field, asked twice) merges into it.
 */
export function restoreDataKeys(
  value: unknown,
  restoredKeys: Readonly<Record<string, string>>,
  isInterfaceName: (name: string) => boolean,
): void {
  if (Array.isArray(value)) {
    for (const item of value) restoreDataKeys(item, restoredKeys, isInterfaceName);
    return;
  }
  if (!isDataObject(value)) return;
  for (const key of Object.keys(value)) {
    const child = value[key];
    restoreDataKeys(child, restoredKeys, isInterfaceName);
    if (!Object.hasOwn(restoredKeys, key)) continue;
    delete value[key];
    const restored: DataObject = {};
    setOwn(restored, restoredKeys[key] as string, child);
    mergeData(value, restored, isInterfaceName);
  }
}
