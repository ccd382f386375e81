import { type DataObject, isDataObject, type MergedData, setOwn } from './merge-data.js';

/**
 * A copy of fetched data with the aliases a fetch gave fields that would have conflicted in the
 * subgraph's own schema (`FetchNode.restoredKeys`) renamed back to their data keys, at any depth.
 * A value whose data key is already there (the same field, asked twice) merges into it. The
 * fetched data is left as it is: it may be shared with other requests.
 */
export function restoredData(
  value: unknown,
  restoredKeys: Readonly<Record<string, string>>,
  merged: MergedData,
): unknown {
  if (Array.isArray(value)) return value.map((item) => restoredData(item, restoredKeys, merged));
  if (!isDataObject(value)) return value;
  const copy: DataObject = {};
  for (const key in value) {
    const child = restoredData(value[key], restoredKeys, merged);
    const dataKey = Object.hasOwn(restoredKeys, key) ? (restoredKeys[key] as string) : key;
    if (!Object.hasOwn(copy, dataKey)) {
      setOwn(copy, dataKey, child);
      continue;
    }
    const renamed: DataObject = {};
    setOwn(renamed, dataKey, child);
    merged.merge(copy, renamed);
  }
  return copy;
}
