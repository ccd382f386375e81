import { request } from 'undici';
import type { Contender } from './contenders.js';
import { type StartContext, startContender } from './start-contender.js';

const NOT_A_VALUE = 'not-a-valid-value';

/**
 * Whether our gateway's configuration knows `variable`: it refuses to start on a bad value for a
 * variable it knows (naming it), and ignores one it does not know.
 */
export async function gatewayKnowsSetting(
  ours: Contender,
  variable: string,
  context: StartContext,
): Promise<boolean> {
  const probe: Contender = {
    ...ours,
    label: `hexagraph (probing ${variable})`,
    env: { [variable]: NOT_A_VALUE },
  };
  try {
    const running = await startContender(probe, context);
    await running.stop();
    return false;
  } catch (error) {
    if ((error as Error).message.includes(variable)) return true;
    throw error;
  }
}

interface LimitRefusal {
  readonly extensions?: { readonly code?: string; readonly measured?: number; readonly limit?: number };
}

/**
 * The largest cost among `bodies` that our gateway, started with its shipped limits, refuses as
 * OPERATION_TOO_COSTLY (with the shipped limit); undefined when it admits them all.
 */
export async function refusedCost(
  ours: Contender,
  bodies: readonly string[],
  context: StartContext,
): Promise<{ measured: number; limit: number } | undefined> {
  const running = await startContender({ ...ours, label: 'hexagraph (cost probe)', env: {} }, context);
  let refused: { measured: number; limit: number } | undefined;
  try {
    for (const body of bodies) {
      const response = await request(running.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      const answer = (await response.body.json()) as { errors?: LimitRefusal[] };
      for (const error of answer.errors ?? []) {
        const { code, measured, limit } = error.extensions ?? {};
        if (code === 'OPERATION_TOO_COSTLY' && typeof measured === 'number' && typeof limit === 'number') {
          refused = { measured: Math.max(measured, refused?.measured ?? 0), limit };
        }
      }
    }
  } finally {
    await running.stop();
  }
  return refused;
}
