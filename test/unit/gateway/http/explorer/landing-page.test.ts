import { describe, expect, it } from 'vitest';
import type { ExplorerAssets } from '../../../../../gateway/src/http/explorer/explorer-assets.js';
import { landingPageConfig, landingPageHtml } from '../../../../../gateway/src/http/explorer/landing-page.js';

/** Assets whose URLs are their names, one of them hostile to the page's markup. */
const assets: ExplorerAssets = {
  get: () => undefined,
  url: (name) =>
    name === 'explorer.js' ? '/explorer/</script><script>alert(1)</script>' : `/explorer/${name}`,
};

const plans = { requestQueryPlans: true };

describe('landingPageHtml', () => {
  it('carries its configuration as JSON that cannot close the script element holding it', () => {
    const config = landingPageConfig({ mode: 'local', sandboxTelemetry: false }, plans, assets);
    const html = landingPageHtml(config, assets);
    expect(html).not.toContain('<script>alert(1)');
    const json = /id="hexagraph-explorer-config">(.*?)<\/script>/s.exec(html)?.[1] as string;
    expect(JSON.parse(json).explorer.module).toBe('/explorer/</script><script>alert(1)</script>');
  });

  it('loads its own script as a module from the gateway, and runs no inline script', () => {
    const html = landingPageHtml(
      landingPageConfig({ mode: 'sandbox', sandboxTelemetry: false }, plans, assets),
      assets,
    );
    expect(html).toContain('<script type="module" src="/explorer/landing.js"></script>');
    expect([...html.matchAll(/<script(?![^>]*\bsrc=)(?![^>]*type="application\/json")/g)]).toEqual([]);
  });

  it('lets in nothing from elsewhere in local mode, and only Sandbox in sandbox mode', () => {
    const csp = (mode: 'sandbox' | 'local') =>
      /Content-Security-Policy" content="([^"]*)"/.exec(
        landingPageHtml(landingPageConfig({ mode, sandboxTelemetry: false }, plans, assets), assets),
      )?.[1];
    expect(csp('local')).toBe(
      "script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; frame-src 'none'; object-src 'none'; base-uri 'none'",
    );
    expect(csp('sandbox')).toContain(
      "script-src 'self' https://embeddable-sandbox.cdn.apollographql.com; style-src 'self' 'unsafe-inline' https://embeddable-sandbox.cdn.apollographql.com;",
    );
    expect(csp('sandbox')).toContain('frame-src https://sandbox.embed.apollographql.com;');
  });
});
