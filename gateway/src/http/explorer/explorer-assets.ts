import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** Where the gateway serves the local explorer's files. */
export const EXPLORER_ASSETS_PATH = '/explorer/';

const JAVASCRIPT = 'text/javascript; charset=utf-8';
const CSS = 'text/css; charset=utf-8';

/** One file the explorer page loads, read once. */
export interface ExplorerAsset {
  readonly name: string;
  readonly contentType: string;
  readonly body: Buffer;
  /** Content hash: the ETag, and the `?v=` that makes a URL safe to cache for good. */
  readonly version: string;
  /** The body gzipped, made on first use. */
  gzipped(): Buffer;
}

/** The explorer's files by name, and the cache-safe URL of each. */
export interface ExplorerAssets {
  get(name: string): ExplorerAsset | undefined;
  /** `/explorer/<name>?v=<version>`: changes whenever the file does. */
  url(name: string): string;
}

const require = createRequire(import.meta.url);
const BROWSER_DIR = join(import.meta.dirname, 'browser');

/**
 * The files, each from the installed package that ships it: GraphiQL 4's browser build
 * (GraphiQL 5 ships only ES modules that need a bundler and fetch their editor workers from a
 * CDN), React 18's UMD builds (React 19 has none), and this folder's own page scripts.
 */
const SOURCES: Readonly<Record<string, { file: () => string; contentType: string }>> = {
  'react.js': { file: () => packageFile('react', 'umd/react.production.min.js'), contentType: JAVASCRIPT },
  'react-dom.js': {
    file: () => packageFile('react-dom', 'umd/react-dom.production.min.js'),
    contentType: JAVASCRIPT,
  },
  'graphiql.js': { file: () => packageFile('graphiql', 'graphiql.min.js'), contentType: JAVASCRIPT },
  'graphiql.css': { file: () => packageFile('graphiql', 'graphiql.min.css'), contentType: CSS },
  'landing.js': { file: () => join(BROWSER_DIR, 'landing.js'), contentType: JAVASCRIPT },
  'explorer.js': { file: () => join(BROWSER_DIR, 'explorer.js'), contentType: JAVASCRIPT },
  'explorer.css': { file: () => join(BROWSER_DIR, 'explorer.css'), contentType: CSS },
};

let loaded: ExplorerAssets | undefined;

/**
 * The explorer's files, read from disk on first call and kept for the life of the process (they
 * come from installed packages and the gateway's own source, which do not change under it).
 * Throws an Error naming a missing file and the way out.
 */
export function explorerAssets(): ExplorerAssets {
  loaded ??= loadExplorerAssets();
  return loaded;
}

function loadExplorerAssets(): ExplorerAssets {
  const assets = new Map<string, ExplorerAsset>();
  for (const [name, source] of Object.entries(SOURCES)) {
    assets.set(name, readAsset(name, source.file, source.contentType));
  }
  return {
    get: (name) => assets.get(name),
    url(name) {
      const asset = assets.get(name);
      if (!asset) throw new Error(`The explorer has no asset named ${name}.`);
      return `${EXPLORER_ASSETS_PATH}${name}?v=${asset.version}`;
    },
  };
}

function readAsset(name: string, file: () => string, contentType: string): ExplorerAsset {
  let path = name;
  let body: Buffer;
  try {
    path = file();
    body = readFileSync(path);
  } catch (error) {
    throw new Error(
      `The local explorer cannot be served: ${path} cannot be read (${(error as Error).message}). Install the dependencies with npm ci, or set LANDING_PAGE=off.`,
    );
  }
  let gzipped: Buffer | undefined;
  return {
    name,
    contentType,
    body,
    version: createHash('sha256').update(body).digest('hex').slice(0, 16),
    gzipped() {
      gzipped ??= gzipSync(body);
      return gzipped;
    },
  };
}

function packageFile(packageName: string, file: string): string {
  return join(dirname(require.resolve(`${packageName}/package.json`)), file);
}
