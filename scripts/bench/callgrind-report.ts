/**
 * Reads what `valgrind --tool=callgrind` counted in our gateway: instructions by function, with
 * the JIT-compiled JavaScript named from the perf map Node.js writes under `--perf-basic-prof`
 * (callgrind itself knows only the addresses of code V8 generated), and grouped by area.
 */

/** Instructions counted in one callgrind profile: in all, and executed in each function itself. */
export interface CallgrindCounts {
  readonly total: number;
  /** By function name as callgrind gives it (JIT code as `0x...` addresses). */
  readonly selfByFunction: ReadonlyMap<string, number>;
}

/**
 * Parses callgrind's output format (`--dump-instr=no`, one event, `Ir`): cost lines count toward
 * the function named by the last `fn=`, except the line after `calls=`, which is the inclusive
 * cost of a call and is not the caller's own. Names may be compressed as `(id) name` on first use
 * and `(id)` after; files are numbered apart from functions, and their names are not needed.
 */
export function parseCallgrind(text: string): CallgrindCounts {
  const functionNames = new Map<string, string>();
  const selfByFunction = new Map<string, number>();
  let total: number | undefined;
  let counted = 0;
  let current: string | undefined;
  let callCostNext = false;
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const first = line.charCodeAt(0);
    if ((first >= 48 && first <= 57) || line[0] === '+' || line[0] === '-' || line[0] === '*') {
      if (callCostNext) {
        callCostNext = false;
        continue;
      }
      const cost = Number(line.slice(line.lastIndexOf(' ') + 1));
      if (current === undefined || !Number.isFinite(cost)) continue;
      selfByFunction.set(current, (selfByFunction.get(current) ?? 0) + cost);
      counted += cost;
      continue;
    }
    const equals = line.indexOf('=');
    if (equals < 0) {
      const summary = /^(summary|totals):\s+(\d+)/.exec(line);
      if (summary) total = (total ?? 0) + Number(summary[2]);
      continue;
    }
    const key = line.slice(0, equals);
    const value = line.slice(equals + 1);
    if (key === 'fn') current = named(functionNames, value);
    else if (key === 'cfn') named(functionNames, value);
    else if (key === 'calls') callCostNext = true;
  }
  return { total: total ?? counted, selfByFunction };
}

/** The name a compressed `(id) name` or `(id)` stands for, remembering new ones. */
function named(names: Map<string, string>, value: string): string {
  const compressed = /^\((\d+)\)(?: (.*))?$/.exec(value);
  if (!compressed) return value;
  const [, id, name] = compressed as unknown as [string, string, string | undefined];
  if (name !== undefined) {
    names.set(id, name);
    return name;
  }
  return names.get(id) ?? value;
}

/** One code range of a perf map: start address, size and name. */
interface CodeRange {
  readonly start: number;
  readonly end: number;
  readonly name: string;
}

/**
 * Names JIT code from a perf map (`/tmp/perf-<pid>.map`: one `start size name` line per code
 * object, hex addresses): `0x...` names become the JavaScript function's (`JS:*name file:line`,
 * `*` for optimised code); other names are returned as they are, callgrind's own suffixes kept
 * off (`'2` for a recursion level, the argument list of a C++ function).
 */
export function perfMapSymbolizer(perfMap: string): (name: string) => string {
  const ranges: CodeRange[] = [];
  for (const line of perfMap.split('\n')) {
    const [start, size, ...name] = line.split(' ');
    if (!start || !size || name.length === 0) continue;
    const from = Number.parseInt(start, 16);
    ranges.push({ start: from, end: from + Number.parseInt(size, 16), name: name.join(' ') });
  }
  ranges.sort((a, b) => a.start - b.start);
  return (name) => {
    const address = /^0x([0-9a-f]+)/i.exec(name);
    if (!address) return name.replace(/'\d+$/, '').replace(/\(.*$/, '');
    const at = Number.parseInt(address[1] as string, 16);
    let low = 0;
    let high = ranges.length - 1;
    let found: CodeRange | undefined;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const range = ranges[middle] as CodeRange;
      if (range.start <= at) {
        found = range;
        low = middle + 1;
      } else high = middle - 1;
    }
    return found && at < found.end ? found.name : 'JIT code not in the perf map';
  };
}

const COMPILER = 'V8: optimising compiler';
const GARBAGE_COLLECTION = 'V8: garbage collection';

/** Where an instruction was spent, for the report's breakdown. */
export function areaOf(symbol: string): string {
  const script = /^JS:\S*\s+(.*):\d+:\d+$/.exec(symbol)?.[1];
  if (script !== undefined) {
    const dependency = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(script)?.[1];
    if (dependency) return `JS: ${dependency}`;
    if (script.startsWith('node:')) return 'JS: Node.js internals';
    // This checkout's build or a baseline's: the part from `dist/` on.
    const built = /(?:^|\/)dist\/(.*)$/.exec(script)?.[1];
    if (built === undefined) return 'JS: other';
    const module = /^gateway\/src\/([^/]+)\//.exec(built)?.[1];
    if (module) return `JS: gateway/${module}`;
    if (built.startsWith('gateway/src/')) return 'JS: gateway (composition)';
    return `JS: ${built.split('/').slice(0, 2).join('/')}`;
  }
  if (symbol.startsWith('JS:') || symbol === 'JIT code not in the perf map') return 'JS: other';
  if (/Json/.test(symbol)) return 'V8: JSON.parse and JSON.stringify';
  if (/compiler::|Compiler|Turbofan|Maglev/.test(symbol)) return COMPILER;
  if (
    /Scaveng|Marking|Sweep|Heap::|Evacuat|MarkCompact|BodyDescriptor|MemoryChunk|RememberedSet|SlotCallback|SizeFromMap/.test(
      symbol,
    )
  )
    return GARBAGE_COLLECTION;
  if (symbol.startsWith('Builtins_')) return 'V8: builtins and interpreter';
  if (/^(v8::|heap::)/.test(symbol)) return 'V8: runtime';
  if (/^(node::|llhttp|uv_)/.test(symbol)) return 'Node.js and libuv (C++)';
  return 'C library and other';
}

/** Instructions per request: in all, by area and by function (JIT code named). */
export interface InstructionProfile {
  readonly perRequest: number;
  /**
   * Besides V8's optimising compiler and garbage collection: the part that repeats from run to
   * run. Whether a full collection, and the recompiling that follows it, falls among the requests
   * counted is chance; the rest is the same work each time.
   */
  readonly steadyPerRequest: number;
  readonly areas: readonly (readonly [string, number])[];
  readonly functions: readonly (readonly [string, number])[];
}

/** Instructions of `counts` per request of `requests`, by area and function, largest first. */
export function instructionProfile(
  counts: CallgrindCounts,
  symbolize: (name: string) => string,
  requests: number,
): InstructionProfile {
  const byFunction = new Map<string, number>();
  for (const [name, cost] of counts.selfByFunction) {
    const symbol = symbolize(name);
    byFunction.set(symbol, (byFunction.get(symbol) ?? 0) + cost);
  }
  const byArea = new Map<string, number>();
  for (const [symbol, cost] of byFunction) {
    const area = areaOf(symbol);
    byArea.set(area, (byArea.get(area) ?? 0) + cost);
  }
  const perRequest = (entries: Map<string, number>) =>
    [...entries].map(([name, cost]) => [name, cost / requests] as const).sort((a, b) => b[1] - a[1]);
  const varying = (byArea.get(COMPILER) ?? 0) + (byArea.get(GARBAGE_COLLECTION) ?? 0);
  return {
    perRequest: counts.total / requests,
    steadyPerRequest: (counts.total - varying) / requests,
    areas: perRequest(byArea),
    functions: perRequest(byFunction),
  };
}

/** Areas below this share of the whole are summed into one line. */
const MIN_AREA_SHARE = 0.001;

/** The profile as report lines: areas, then the `top` functions, each with its share. */
export function instructionReportLines(profile: InstructionProfile, top: number): string[] {
  const share = (cost: number) => `${((100 * cost) / profile.perRequest).toFixed(1).padStart(5)}%`;
  const amount = (cost: number) => `${(cost / 1000).toFixed(0).padStart(7)} K`;
  const short = (name: string) => name.replace(/\S*?\/(dist|node_modules)\//, '$1/');
  const shown = profile.areas.filter(([, cost]) => cost >= profile.perRequest * MIN_AREA_SHARE);
  const rest = profile.areas.slice(shown.length).reduce((sum, [, cost]) => sum + cost, 0);
  return [
    `  ${(profile.perRequest / 1e6).toFixed(2)} M instructions per request, ` +
      `${(profile.steadyPerRequest / 1e6).toFixed(2)} M besides the compiler and garbage collection ` +
      '(which vary from run to run), by area:',
    ...shown.map(([area, cost]) => `    ${amount(cost)} ${share(cost)}  ${area}`),
    ...(rest > 0
      ? [`    ${amount(rest)} ${share(rest)}  ${profile.areas.length - shown.length} more, under 0.1% each`]
      : []),
    `  top ${top} functions (JavaScript as JS:* optimised, JS:^ baseline, JS:~ interpreted):`,
    ...profile.functions
      .slice(0, top)
      .map(([name, cost]) => `    ${amount(cost)} ${share(cost)}  ${short(name).slice(0, 110)}`),
  ];
}
