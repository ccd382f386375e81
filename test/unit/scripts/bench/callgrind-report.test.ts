import { describe, expect, it } from 'vitest';
import {
  areaOf,
  instructionProfile,
  instructionReportLines,
  parseCallgrind,
  perfMapSymbolizer,
} from '../../../../scripts/bench/callgrind-report.js';

// The shape callgrind writes: compressed names, a call's inclusive cost after `calls=`, files
// numbered apart from functions.
const PROFILE = [
  'version: 1',
  'creator: callgrind-3.19.0',
  'events: Ir',
  '',
  'ob=(1) /usr/bin/node',
  'fl=(1) ???',
  'fn=(1) v8::internal::JsonStringifier::SerializeString(v8::internal::Handle<v8::internal::String>)',
  '0 600',
  '+3 100',
  'fn=(2) 0x000000000d220980',
  '0 200',
  'cfl=(2) other.c',
  'cfn=(1)',
  'calls=4 0',
  '0 5000',
  '* 50',
  'fl=(2)',
  "fn=(3) 0x000000000d220980'2",
  '0 25',
  'fn=(1)',
  '0 300',
  'fn=(4) Builtins_KeyedLoadIC_Megamorphic',
  '-2 75',
  '',
  'totals: 1350',
].join('\n');

const PERF_MAP = [
  'd220900 100 JS:*collect file:///repo/dist/gateway/src/executor/data-path.js:19:17',
  'd221000 40 JS:~readBody file:///repo/dist/platform/http/read-body.js:5:1',
].join('\n');

describe('parseCallgrind', () => {
  it("counts each function's own instructions, not what its calls cost, and reads the total", () => {
    const counts = parseCallgrind(PROFILE);
    expect(counts.total).toBe(1350);
    const serialize =
      'v8::internal::JsonStringifier::SerializeString(v8::internal::Handle<v8::internal::String>)';
    expect(counts.selfByFunction.get(serialize)).toBe(1000);
    expect(counts.selfByFunction.get('0x000000000d220980')).toBe(250);
    expect(counts.selfByFunction.get("0x000000000d220980'2")).toBe(25);
    expect(counts.selfByFunction.get('Builtins_KeyedLoadIC_Megamorphic')).toBe(75);
  });

  it('sums the totals of several dumps, and counts cost lines when there is no total', () => {
    expect(parseCallgrind(`${PROFILE}\n${PROFILE}`).total).toBe(2700);
    expect(parseCallgrind('fn=(1) f\n0 7\n+1 3\n').total).toBe(10);
  });
});

describe('perfMapSymbolizer', () => {
  const symbolize = perfMapSymbolizer(PERF_MAP);

  it('names JIT code by the range of the perf map it lies in, whatever the recursion suffix', () => {
    expect(symbolize('0x000000000d220980')).toBe(
      'JS:*collect file:///repo/dist/gateway/src/executor/data-path.js:19:17',
    );
    expect(symbolize("0x000000000d220980'2")).toBe(
      'JS:*collect file:///repo/dist/gateway/src/executor/data-path.js:19:17',
    );
    expect(symbolize('0x000000000d221039')).toContain('readBody');
    expect(symbolize('0x000000000d221040')).toBe('JIT code not in the perf map');
    expect(symbolize('0x0000000000000001')).toBe('JIT code not in the perf map');
  });

  it("keeps other names, without callgrind's recursion suffix or C++ argument lists", () => {
    expect(symbolize("Builtins_CallFunction'2")).toBe('Builtins_CallFunction');
    expect(symbolize('v8::internal::Heap::Scavenge(int)')).toBe('v8::internal::Heap::Scavenge');
  });
});

describe('areaOf', () => {
  it('files JavaScript under our module or its package, and native code under V8, Node.js or libc', () => {
    expect(areaOf('JS:*collect file:///repo/dist/gateway/src/executor/data-path.js:19:17')).toBe(
      'JS: gateway/executor',
    );
    expect(areaOf('JS:~readBody file:///repo/dist/platform/http/read-body.js:5:1')).toBe('JS: platform/http');
    // A --baseline checkout's build, wherever it lies.
    expect(
      areaOf('JS:*collect file:///elsewhere/main-build/dist/gateway/src/executor/data-path.js:1:1'),
    ).toBe('JS: gateway/executor');
    expect(areaOf('JS:*run file:///repo/node_modules/@apollo/server/dist/esm/requestPipeline.js:1:1')).toBe(
      'JS: @apollo/server',
    );
    expect(areaOf('JS:*start file:///repo/dist/gateway/src/start-gateway.js:9:1')).toBe(
      'JS: gateway (composition)',
    );
    expect(areaOf('JS:^emit node:events:470:1')).toBe('JS: Node.js internals');
    expect(areaOf('v8::internal::JsonParser<unsigned char>::ScanJsonString')).toBe(
      'V8: JSON.parse and JSON.stringify',
    );
    expect(areaOf('v8::internal::compiler::GraphReducer::Reduce')).toBe('V8: optimising compiler');
    expect(areaOf('v8::internal::Scavenger::Process')).toBe('V8: garbage collection');
    expect(areaOf('Builtins_KeyedLoadIC_Megamorphic')).toBe('V8: builtins and interpreter');
    expect(areaOf('v8::internal::LookupIterator::Start')).toBe('V8: runtime');
    expect(areaOf('uv__io_poll')).toBe('Node.js and libuv (C++)');
    expect(areaOf('__memcpy_avx_unaligned_erms')).toBe('C library and other');
  });
});

describe('instructionProfile', () => {
  it('divides by the requests counted and ranks areas and functions, JIT code named', () => {
    const profile = instructionProfile(parseCallgrind(PROFILE), perfMapSymbolizer(PERF_MAP), 5);
    expect(profile.perRequest).toBe(270);
    expect(profile.areas).toEqual([
      ['V8: JSON.parse and JSON.stringify', 200],
      ['JS: gateway/executor', 55],
      ['V8: builtins and interpreter', 15],
    ]);
    expect(profile.functions[1]).toEqual([
      'JS:*collect file:///repo/dist/gateway/src/executor/data-path.js:19:17',
      55,
    ]);
    const lines = instructionReportLines(profile, 2);
    expect(
      instructionReportLines({ ...profile, areas: [...profile.areas, ['JS: tiny', 0.2]] }, 2),
    ).toContainEqual(expect.stringMatching(/0\.1%\s+1 more, under 0\.1% each/));
    expect(lines[0]).toContain('0.00 M instructions per request');
    const varying = instructionProfile(
      parseCallgrind(
        'fn=(1) v8::internal::compiler::GraphReducer::Reduce\n0 100\n' +
          'fn=(2) v8::internal::Scavenger::Process\n0 50\nfn=(3) Builtins_Call\n0 150\n',
      ),
      perfMapSymbolizer(''),
      1,
    );
    expect(varying.steadyPerRequest).toBe(150);
    expect(instructionReportLines({ ...varying, perRequest: 3e6, steadyPerRequest: 2e6 }, 1)[0]).toContain(
      '3.00 M instructions per request, 2.00 M besides the compiler and garbage collection',
    );
    expect(lines).toContainEqual(expect.stringMatching(/20\.4%\s+JS: gateway\/executor/));
    expect(lines.filter((line) => line.includes('JS:*collect'))).toEqual([
      expect.stringContaining('dist/gateway/src/executor/data-path.js:19:17'),
    ]);
  });
});
