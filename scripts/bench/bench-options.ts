import { parseArgs } from 'node:util';
import { type Scenario, scenarios } from './scenarios.js';

/** What a benchmark run does. */
export interface BenchOptions {
  /** Measured seconds per gateway, per scenario, per round. */
  readonly seconds: number;
  /** Unmeasured seconds of load before each measured run. */
  readonly warmupSeconds: number;
  /** Requests in flight at all times. */
  readonly concurrency: number;
  /** A/B pairs per scenario; the order alternates (ours first, then Apollo first, ...). */
  readonly rounds: number;
  readonly scenarios: readonly Scenario[];
  /** Directory for a CPU profile of our gateway (`node --cpu-prof`), when asked. */
  readonly profileDir?: string;
}

/** `npm run bench -- --help` */
export const USAGE = `npm run bench -- [options]
  --seconds N       measured seconds per gateway, scenario and round (default 5)
  --warmup N        unmeasured seconds of load before each measured run (default 2)
  --concurrency N   requests in flight (default 32)
  --rounds N        A/B pairs per scenario, order alternating (default 3)
  --scenario NAME   ${scenarios.map((scenario) => scenario.name).join(' | ')}; repeatable (default: all)
  --profile DIR     write a CPU profile of our gateway to DIR (node --cpu-prof)`;

/** Parses the command line; throws an Error naming the bad option. */
export function parseBenchOptions(argv: readonly string[]): BenchOptions | 'help' {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      seconds: { type: 'string', default: '5' },
      warmup: { type: 'string', default: '2' },
      concurrency: { type: 'string', default: '32' },
      rounds: { type: 'string', default: '3' },
      scenario: { type: 'string', multiple: true },
      profile: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) return 'help';
  const chosen = (values.scenario ?? []).flatMap((value) => value.split(','));
  const unknown = chosen.filter((name) => !scenarios.some((scenario) => scenario.name === name));
  if (unknown.length > 0) {
    throw new Error(
      `--scenario: unknown ${unknown.join(', ')}; known: ${scenarios.map((scenario) => scenario.name).join(', ')}`,
    );
  }
  return {
    seconds: number('--seconds', values.seconds, 0.5, 600),
    warmupSeconds: number('--warmup', values.warmup, 0, 600),
    concurrency: Math.round(number('--concurrency', values.concurrency, 1, 1024)),
    rounds: Math.round(number('--rounds', values.rounds, 1, 50)),
    scenarios: chosen.length > 0 ? scenarios.filter((scenario) => chosen.includes(scenario.name)) : scenarios,
    ...(values.profile && { profileDir: values.profile }),
  };
}

function number(option: string, raw: string, min: number, max: number): number {
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new Error(`${option}: expected a number from ${min} to ${max}, got ${JSON.stringify(raw)}`);
  }
  return value;
}
