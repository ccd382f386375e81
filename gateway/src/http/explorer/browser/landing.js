// The gateway's landing page decides here, in the browser, which explorer to show: only the
// browser knows whether it can reach Apollo's CDN. In `sandbox` mode it tries Apollo Sandbox and
// opens the local explorer (GraphiQL, served by the gateway) when Sandbox's script fails to load
// or takes too long; in `local` mode it opens the local explorer at once. A module: it runs once
// the document is parsed.
const config = JSON.parse(document.getElementById('hexagraph-explorer-config').textContent);
const endpoint = window.location.href.split(/[?#]/)[0];
const explorerRoot = document.getElementById('hexagraph-explorer');

if (config.mode === 'sandbox') {
  trySandbox(config.sandbox).then(
    () => {
      explorerRoot.remove();
    },
    (reason) => {
      document.getElementById('hexagraph-sandbox').remove();
      openLocalExplorer(
        `Apollo Sandbox could not be loaded (${reason}); this is the gateway's own explorer.`,
      );
    },
  );
} else {
  document.getElementById('hexagraph-sandbox').remove();
  openLocalExplorer(undefined);
}

/** Loads Sandbox's script and embeds Sandbox; rejects with the reason it could not. */
function trySandbox(sandbox) {
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) reject(error);
      else resolve();
    };
    const timer = setTimeout(
      () => settle(`its script did not load within ${sandbox.timeoutMs / 1000} s`),
      sandbox.timeoutMs,
    );
    const script = document.createElement('script');
    script.src = sandbox.scriptUrl;
    script.onerror = () => settle('its script could not be fetched');
    script.onload = () => {
      // A script that arrives after the page gave up on it must not embed a second explorer.
      if (settled) return;
      if (typeof window.EmbeddedSandbox !== 'function') {
        settle('its script did not define EmbeddedSandbox');
        return;
      }
      try {
        new window.EmbeddedSandbox({ ...sandbox.options, initialEndpoint: endpoint });
        settle();
      } catch (error) {
        settle(`it failed to start: ${error}`);
      }
    };
    document.head.appendChild(script);
  });
}

/** Loads the local explorer's stylesheets and scripts from the gateway, in order, then mounts it. */
async function openLocalExplorer(notice) {
  try {
    for (const href of config.explorer.styles) {
      const link = document.createElement('link');
      link.rel = 'stylesheet';
      link.href = href;
      document.head.appendChild(link);
    }
    // React, ReactDOM and GraphiQL are browser builds that set globals, each needing the one before.
    for (const src of config.explorer.scripts) await loadScript(src);
    const explorer = await import(config.explorer.module);
    explorer.mount(explorerRoot, { endpoint, notice });
  } catch (error) {
    explorerRoot.textContent = `The explorer could not be loaded: ${error}`;
  }
}

function loadScript(src) {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = src;
    script.onload = () => resolve();
    script.onerror = () => reject(new Error(`${src} could not be loaded`));
    document.head.appendChild(script);
  });
}
