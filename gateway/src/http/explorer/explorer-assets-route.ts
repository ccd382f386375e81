import type { IncomingMessage, ServerResponse } from 'node:http';
import { EXPLORER_ASSETS_PATH, type ExplorerAssets } from './explorer-assets.js';

/** A year: what a URL whose `?v=` names the file's content may be cached for. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * Serves the explorer's files under `/explorer/` (GET and HEAD): the content type of each, an
 * ETag, caching for good when the URL carries the file's version (`?v=`, as the landing page
 * writes it) and revalidation otherwise, and gzip when the client accepts it.
 */
export function explorerAssetsRoute(assets: ExplorerAssets) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const name = url.pathname.slice(EXPLORER_ASSETS_PATH.length);
    const asset = assets.get(name);
    if (!asset) {
      sendError(res, 404, `No explorer asset at ${url.pathname}.`);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('allow', 'GET, HEAD');
      sendError(res, 405, `${req.method} is not allowed on ${url.pathname}; use GET.`);
      return;
    }
    const etag = `"${asset.version}"`;
    res.setHeader('etag', etag);
    res.setHeader('cache-control', url.searchParams.get('v') === asset.version ? IMMUTABLE : 'no-cache');
    res.setHeader('vary', 'accept-encoding');
    res.setHeader('x-content-type-options', 'nosniff');
    if (req.headers['if-none-match'] === etag) {
      res.statusCode = 304;
      res.end();
      return;
    }
    const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    const body = gzip ? asset.gzipped() : asset.body;
    res.statusCode = 200;
    res.setHeader('content-type', asset.contentType);
    res.setHeader('content-length', body.length);
    if (gzip) res.setHeader('content-encoding', 'gzip');
    res.end(req.method === 'HEAD' ? undefined : body);
  };
}

function sendError(res: ServerResponse, status: number, error: string): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(JSON.stringify({ error }));
}
