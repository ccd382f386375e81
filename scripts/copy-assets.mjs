// Copies the non-TypeScript files the services read at run time (SDL) next to the compiled code.
import { cpSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const roots = ['platform', 'subgraphs', 'gateway'];
function walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path);
    else if (entry.name.endsWith('.graphql')) cpSync(path, join('dist', path), { force: true });
  }
}
for (const root of roots) walk(root);
