import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../../..');

function npmRun(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '--silent', ...args], { cwd: root, timeout: 60_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm run schema:check', () => {
  it('passes its arguments through and exits with the check result', async () => {
    const run = await npmRun([
      'schema:check',
      '--',
      '--subgraph',
      'pricing',
      '--schema',
      'test/fixtures/schema-check/pricing-without-price.graphql',
      '--schema-dir',
      'test/fixtures/schema-check/baseline',
      '--json',
    ]);

    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({
      subgraph: 'pricing',
      passed: false,
      exitCode: 1,
      changes: [{ severity: 'breaking', coordinate: 'Product.price' }],
    });
  });
});
