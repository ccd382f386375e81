// Copies the non-TypeScript files the services read at run time (SDL, and the explorer's browser
// scripts and styles, which the gateway serves as they are) next to the compiled code.
import { cpSync, readdirSync } from 'node:fs';
import { join, sep } from 'node:path';

const roots = ['platform', 'subgraphs', 'gateway'];
const browserDir = `${sep}browser`;
function walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path);
    else if (entry.name.endsWith('.graphql') || dir.endsWith(browserDir)) {
      cpSync(path, join('dist', path), { force: true });
    }
  }
}
for (const root of roots) walk(root);
