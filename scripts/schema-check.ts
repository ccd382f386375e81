import { EXIT, runSchemaCheck } from './schema-check/run-schema-check.js';

// npm runs scripts from the package root; INIT_CWD is where the user typed the command.
const cwd = process.env.INIT_CWD ?? process.cwd();
try {
  process.exitCode = await runSchemaCheck(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    cwd,
  });
} catch (error) {
  // Exit 1 means "the check failed"; a crash must not be mistaken for that verdict.
  process.stderr.write(`schema:check: unexpected error: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = EXIT.badInput;
}
