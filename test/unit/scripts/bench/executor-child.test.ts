import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RecordedOperation, recordAnswers } from '../../../../scripts/bench/executor-answers.js';
import { workload } from '../../../../scripts/bench/workloads.js';

const ROOT = join(import.meta.dirname, '../../../..');

/** The child run from source, over `answers`, with a few executions. */
function startChild(answersPath: string): {
  child: ChildProcessWithoutNullStreams;
  next: () => Promise<string>;
} {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'scripts/bench/executor-child.ts',
      join(ROOT, 'gateway/src'),
      answersPath,
      '4',
      '6',
      '4',
    ],
    { cwd: ROOT, stdio: 'pipe' },
  );
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  return { child, next: async () => (await lines.next()).value ?? '' };
}

function exitOf(child: ChildProcessWithoutNullStreams): Promise<{ code: number | null; stderr: string }> {
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stderr })));
}

describe('the executor child of --executor', () => {
  let dir: string;
  let recorded: RecordedOperation;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'executor-child-'));
    const publicWorkload = workload('gateways-benchmark');
    const scenario = publicWorkload.scenarios[0];
    if (!scenario) throw new Error('no scenario');
    recorded = await recordAnswers(
      readFileSync(publicWorkload.supergraphPath, 'utf8'),
      scenario.query,
      scenario.operationName ?? 'TestQuery',
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('records every subgraph answer of the heavy query once, and the size of its answer', () => {
    expect(recorded.answers.map((answer) => answer.subgraph).sort()).toEqual([
      'accounts',
      'accounts',
      'inventory',
      'products',
      'products',
      'reviews',
    ]);
    expect(recorded.answerBytes).toBeGreaterThan(80_000);
  });

  it('warms up, runs the counted executions when told, and exits when told', async () => {
    const path = join(dir, 'answers.json');
    writeFileSync(path, JSON.stringify(recorded));
    const { child, next } = startChild(path);
    const exit = exitOf(child);
    expect(await next()).toBe('ready');
    child.stdin.write('go\n');
    expect(await next()).toBe('done');
    child.stdin.write('stop\n');
    expect((await exit).code).toBe(0);
  }, 60_000);

  it('fails, saying why, when an execution does not write the recorded answer', async () => {
    const path = join(dir, 'wrong.json');
    writeFileSync(path, JSON.stringify({ ...recorded, answerBytes: recorded.answerBytes + 1 }));
    const { child } = startChild(path);
    const { code, stderr } = await exitOf(child);
    expect(code).not.toBe(0);
    expect(stderr).toContain(`not the recorded ${recorded.answerBytes + 1}`);
  }, 60_000);
});
