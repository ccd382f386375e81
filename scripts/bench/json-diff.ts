/**
 * The differences between two JSON values, one line each (`path: expected …, got …`), at most
 * `limit`; empty when they are deep-equal (object key order aside).
 */
export function diffJson(expected: unknown, actual: unknown, limit = 10): string[] {
  const lines: string[] = [];
  walk(expected, actual, '$', lines, limit);
  return lines;
}

function walk(expected: unknown, actual: unknown, path: string, lines: string[], limit: number): void {
  if (lines.length >= limit) return;
  if (Array.isArray(expected) && Array.isArray(actual)) {
    if (expected.length !== actual.length) {
      lines.push(`${path}: expected a list of ${expected.length}, got ${actual.length}`);
    }
    for (let index = 0; index < Math.min(expected.length, actual.length); index += 1) {
      walk(expected[index], actual[index], `${path}[${index}]`, lines, limit);
    }
    return;
  }
  if (isObject(expected) && isObject(actual)) {
    for (const key of Object.keys(expected)) {
      if (!(key in actual)) lines.push(`${path}.${key}: missing`);
      else walk(expected[key], actual[key], `${path}.${key}`, lines, limit);
      if (lines.length >= limit) return;
    }
    for (const key of Object.keys(actual)) {
      if (!(key in expected) && lines.length < limit)
        lines.push(`${path}.${key}: unexpected ${show(actual[key])}`);
    }
    return;
  }
  if (!Object.is(expected, actual)) lines.push(`${path}: expected ${show(expected)}, got ${show(actual)}`);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
