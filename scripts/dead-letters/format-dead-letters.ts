import type { DeadLetter, ReplayOutcome } from '../../subgraphs/shared/ports/dead-letters.js';

/** The dead letters as text: a count, then two lines each (what, and the error). */
export function formatDeadLetters(letters: readonly DeadLetter[], subgraph: string | undefined): string {
  const of = subgraph === undefined ? '' : ` of ${subgraph}`;
  if (letters.length === 0) return `No dead letters${of}.\n`;
  const lines = [`${letters.length} dead letter${letters.length === 1 ? '' : 's'}${of}:`];
  for (const letter of letters) {
    lines.push(
      `${letter.id}  ${letter.subscriber} <- ${letter.source}  ${letter.eventType ?? '(no type)'}  event ${
        letter.eventId ?? '(none)'
      }  ${letter.attempts} attempt${letter.attempts === 1 ? '' : 's'}  ${letter.deadLetteredAt}`,
      `    error: ${letter.error}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

const OUTCOMES: Record<ReplayOutcome, string> = {
  replayed: 'replayed',
  failed: 'failed again',
  unknown: 'gone (replayed or removed meanwhile)',
  unreadable: 'not replayed: it holds no readable event',
};

/** What each replay did, one line each, and a summary. */
export function formatReplays(replays: readonly { letter: DeadLetter; outcome: ReplayOutcome }[]): string {
  if (replays.length === 0) return 'No dead letters to replay.\n';
  const lines = replays.map(
    ({ letter, outcome }) =>
      `${OUTCOMES[outcome]}: ${letter.id}  ${letter.subscriber} <- ${letter.source}  ${letter.eventType ?? '(no type)'}  event ${
        letter.eventId ?? '(none)'
      }`,
  );
  const replayed = replays.filter(({ outcome }) => outcome === 'replayed').length;
  lines.push(`${replayed} of ${replays.length} replayed.`);
  return `${lines.join('\n')}\n`;
}
