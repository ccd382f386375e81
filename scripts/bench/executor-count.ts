import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { type InstructionProfile, instructionReportLines } from './callgrind-report.js';
import type { CompareContext } from './compare-gateways.js';
import { recordAnswers } from './executor-answers.js';
import { CALLGRIND_CONTROL_ENV, callgrindArgs, perfMapFlags } from './gateway-launch.js';
import {
  assertCallgrindInstalled,
  callgrindControl,
  countedProfile,
  removeCountFiles,
  TOP_FUNCTIONS,
} from './instruction-count.js';
import { workload } from './workloads.js';

const ROOT = join(import.meta.dirname, '../..');
/** Executions before counting starts: enough for V8 to have optimised the executor. */
export const EXECUTOR_WARMUP_REQUESTS = 3000;
/** Under callgrind the warm-up alone takes a minute or two. */
const STEP_TIMEOUT_MS = 30 * 60_000;

/**
 * Counts the instructions of the executor and the answer encoder alone per public heavy request,
 * in-process under callgrind: the operation's plan executed over its recorded subgraph answers
 * (no HTTP, no Apollo Server, no upstream client), each answer shared by every execution as
 * in-flight sharing shares it. Without the rest of the request around it, a change of a percent
 * to the executor shows. With `--baseline`, that checkout's executor runs over the same answers.
 */
export async function countExecutor(
  requests: number,
  supergraphSdl: string,
  context: CompareContext,
): Promise<void> {
  const { options, log } = context;
  assertCallgrindInstalled('--executor');
  const scenario = workload('gateways-benchmark').scenarios[0];
  if (!scenario) throw new Error('the gateways-benchmark workload has no scenario');
  const recorded = await recordAnswers(supergraphSdl, scenario.query, scenario.operationName ?? 'TestQuery');
  const answersPath = join(context.scratchDir, 'executor-answers.json');
  writeFileSync(answersPath, JSON.stringify(recorded));
  log(
    `executor and encoder instructions per ${scenario.name} request, in-process under callgrind over ` +
      `its ${recorded.answers.length} recorded subgraph answers (${recorded.answerBytes} bytes answered): ` +
      `${EXECUTOR_WARMUP_REQUESTS} executions to warm up, then ${requests} counted, ${options.concurrency} at a time`,
  );
  const roots = [{ label: 'hexagraph', root: ROOT }];
  const baseline = options.contenders.find((contender) => contender.root !== undefined)?.root;
  if (baseline) roots.push({ label: 'baseline', root: baseline });
  const counted: InstructionProfile[] = [];
  for (const { label, root } of roots) {
    log(`\n${label}:`);
    const profile = await countOne(root, answersPath, requests, context);
    log(instructionReportLines(profile, TOP_FUNCTIONS).join('\n'));
    counted.push(profile);
  }
  const [ours, theirs] = counted;
  if (ours && theirs) {
    log(
      `\nbaseline: ${(theirs.perRequest / ours.perRequest).toFixed(3)}x the executor's instructions per ` +
        `request of hexagraph, ${(theirs.steadyPerRequest / ours.steadyPerRequest).toFixed(3)}x besides the ` +
        'compiler and garbage collection',
    );
  }
}

async function countOne(
  root: string,
  answersPath: string,
  requests: number,
  context: CompareContext,
): Promise<InstructionProfile> {
  const outDir = mkdtempSync(join(context.scratchDir, 'executor-callgrind-'));
  const child = spawn(
    'valgrind',
    [
      ...callgrindArgs(join(outDir, 'callgrind.out')),
      context.options.node?.path ?? process.execPath,
      ...perfMapFlags(join(outDir, 'callgrind.out')),
      ...context.production.nodeFlags,
      join(ROOT, 'dist/scripts/bench/executor-child.js'),
      join(root, 'dist/gateway/src'),
      answersPath,
      String(EXECUTOR_WARMUP_REQUESTS),
      String(requests),
      String(context.options.concurrency),
    ],
    {
      env: {
        ...process.env,
        ...context.production.environment,
        ...CALLGRIND_CONTROL_ENV,
        NODE_ENV: 'production',
      },
      stdio: 'pipe',
    },
  );
  try {
    const said = saying(child);
    await said('ready');
    callgrindControl(['-i', 'on', String(child.pid)]);
    child.stdin.write('go\n');
    await said('done');
    callgrindControl(['-i', 'off', String(child.pid)]);
    callgrindControl(['-d', String(child.pid)]);
    child.stdin.write('stop\n');
    await exited(child);
    return countedProfile(outDir, child.pid, requests);
  } finally {
    child.kill('SIGKILL');
    removeCountFiles(outDir, child.pid);
  }
}

/** Waits for the child's next line to be `word`; rejects with its stderr when it exits first or is late. */
function saying(child: ChildProcessWithoutNullStreams): (word: string) => Promise<void> {
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = `${stderr}${chunk.toString()}`.slice(-4000);
  });
  return async (word) => {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`the executor child did not say ${word} in time`)),
        STEP_TIMEOUT_MS,
      );
    });
    try {
      const line = await Promise.race([lines.next(), late]);
      if (line.done || line.value.trim() !== word) {
        await exited(child).catch(() => undefined);
        throw new Error(`the executor child stopped before saying ${word}: ${stderr.trim() || 'no output'}`);
      }
    } finally {
      clearTimeout(timer);
    }
  };
}

function exited(child: ChildProcessWithoutNullStreams): Promise<void> {
  return new Promise((resolve, reject) => {
    if (child.exitCode !== null) {
      resolve();
      return;
    }
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`the executor child exited ${code}`)),
    );
  });
}
