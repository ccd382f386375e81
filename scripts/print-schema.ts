import { writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildInventoryApp } from '../subgraphs/inventory/app.js';
import { buildPricingApp } from '../subgraphs/pricing/app.js';
import { buildProductApp } from '../subgraphs/product/app.js';
import { InputError } from './schema-check/input-error.js';
import { readSubgraphManifest } from './schema-check/subgraph-manifest.js';
import { withTrailingNewline } from './schema-check/with-trailing-newline.js';

// npm run schema:print: writes the SDL each subgraph serves to the file schema/subgraphs.json names.
const schemaDir = fileURLToPath(new URL('../schema/', import.meta.url));
const printers: Record<string, () => string> = {
  product: () => buildProductApp({ seed: false }).sdl,
  inventory: () => buildInventoryApp({ seed: false }).sdl,
  pricing: () => buildPricingApp({ seed: false }).sdl,
};

try {
  for (const entry of await readSubgraphManifest(schemaDir)) {
    const print = printers[entry.name];
    if (!print)
      throw new InputError(`subgraphs.json lists "${entry.name}", which has no subgraph in subgraphs/.`);
    const target = join(schemaDir, entry.schema);
    await writeFile(target, withTrailingNewline(print()));
    process.stdout.write(`Wrote ${relative(process.cwd(), target)}\n`);
  }
} catch (error) {
  if (!(error instanceof InputError)) throw error;
  process.stderr.write(`schema:print: ${error.message}\n`);
  process.exitCode = 2;
}
