/**
 * `npm run dead-letters -- list|replay [--subgraph pricing] [--id <id>] [--json]`: lists the events a
 * subgraph's consumer set aside after their handler kept failing, or hands them back for delivery.
 */
import { EXIT, runDeadLetters } from './dead-letters/run-dead-letters.js';

try {
  process.exitCode = await runDeadLetters(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
  });
} catch (error) {
  // Exit 1 means "not done"; a crash (Redis failing mid-way) must not be mistaken for that.
  process.stderr.write(`dead-letters: ${(error as Error).message ?? String(error)}\n`);
  process.exitCode = EXIT.badInput;
}
