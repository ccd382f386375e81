// The local explorer: GraphiQL (its browser build, on the React the page loaded before this
// module) talking to the gateway with JSON POSTs, which CSRF prevention admits, plus a "Query
// plan" pane that shows how the gateway planned the last operation (Apollo Router's
// `Apollo-Expose-Query-Plan` header, which the gateway answers when it exposes plans). Operations
// with `@defer` arrive in parts (multipart/mixed): GraphiQL shows each as it comes, merged.
const { React, ReactDOM, GraphiQL } = window;
const h = React.createElement;
const PLAN_EXTENSION = 'apolloQueryPlan';
const JSON_ACCEPT = 'application/graphql-response+json, application/json';
const INCREMENTAL_ACCEPT = `multipart/mixed;deferSpec=20220824, ${JSON_ACCEPT}`;

/** The last plan seen, and whether to plan without executing; the pane subscribes to it. */
const plans = (() => {
  let state = { kind: 'none', dryRun: false };
  const listeners = new Set();
  const set = (next) => {
    state = { ...state, ...next };
    for (const listener of listeners) listener();
  };
  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    snapshot: () => state,
    setDryRun: (dryRun) => set({ dryRun }),
    record(result) {
      const plan = result?.extensions?.[PLAN_EXTENSION];
      if (plan && typeof plan.text === 'string') set({ kind: 'plan', text: plan.text });
      else if (result && !result.errors) set({ kind: 'unavailable' });
    },
  };
})();

function createFetcher(endpoint) {
  return async (params, options) => {
    // GraphiQL's own schema introspection is no operation of the user's: no plan for it.
    const introspection = params.operationName === 'IntrospectionQuery';
    const headers = {
      accept: introspection ? JSON_ACCEPT : INCREMENTAL_ACCEPT,
      ...options?.headers,
      'content-type': 'application/json',
    };
    if (!introspection) headers['apollo-expose-query-plan'] = plans.snapshot().dryRun ? 'dry-run' : 'true';
    const response = await fetch(endpoint, {
      method: 'POST',
      headers,
      body: JSON.stringify(params),
      credentials: 'same-origin',
    });
    if (response.headers.get('content-type')?.startsWith('multipart/mixed')) {
      return withPlanOfFirst(multipartPayloads(response));
    }
    const text = await response.text();
    let result;
    try {
      result = JSON.parse(text);
    } catch {
      throw new Error(`The gateway answered ${response.status} without JSON: ${text.slice(0, 500)}`);
    }
    if (introspection) return result;
    plans.record(result);
    return withoutPlan(result);
  };
}

/**
 * The JSON parts of a `multipart/mixed; boundary="-"` response, each as soon as the boundary after
 * it arrived (JSON never holds a raw line break, so `\r\n---` only ever is a boundary).
 */
async function* multipartPayloads(response) {
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    for (let end = buffer.indexOf('\r\n---'); end !== -1; end = buffer.indexOf('\r\n---')) {
      const part = buffer.slice(0, end);
      buffer = buffer.slice(end + '\r\n---'.length);
      const body = part.indexOf('\r\n\r\n');
      if (body !== -1) yield JSON.parse(part.slice(body + 4));
    }
  }
}

/** The payloads, the first one's plan moved to the plan pane. */
async function* withPlanOfFirst(payloads) {
  let first = true;
  for await (const payload of payloads) {
    if (first) plans.record(payload);
    yield first ? withoutPlan(payload) : payload;
    first = false;
  }
}

/** The result as the response pane shows it: the plan has a pane of its own. */
function withoutPlan(result) {
  if (!result?.extensions?.[PLAN_EXTENSION]) return result;
  const { [PLAN_EXTENSION]: _plan, ...extensions } = result.extensions;
  const { extensions: _all, ...rest } = result;
  return Object.keys(extensions).length > 0 ? { ...rest, extensions } : rest;
}

function QueryPlanPane() {
  const state = React.useSyncExternalStore(plans.subscribe, plans.snapshot);
  let body;
  if (state.kind === 'plan') {
    body = h('pre', { className: 'hexagraph-plan-text' }, state.text);
  } else if (state.kind === 'unavailable') {
    body = h(
      'p',
      null,
      'This gateway does not expose query plans (EXPOSE_QUERY_PLAN is off, as it is in production by default).',
    );
  } else {
    body = h(
      'p',
      null,
      'Run an operation to see how the gateway plans it: which subgraphs it asks, in what order.',
    );
  }
  return h(
    'section',
    { className: 'hexagraph-plan' },
    h('div', { className: 'graphiql-doc-explorer-title' }, 'Query plan'),
    h(
      'label',
      { className: 'hexagraph-plan-dry-run' },
      h('input', {
        type: 'checkbox',
        checked: state.dryRun,
        onChange: (event) => plans.setDryRun(event.target.checked),
      }),
      ' Plan only (dry run: nothing is executed)',
    ),
    body,
  );
}

function QueryPlanIcon() {
  return h(
    'svg',
    { viewBox: '0 0 24 24', fill: 'none', stroke: 'currentColor', strokeWidth: 1.5, 'aria-hidden': true },
    h('rect', { x: 3, y: 3, width: 7, height: 5, rx: 1 }),
    h('rect', { x: 14, y: 10, width: 7, height: 5, rx: 1 }),
    h('rect', { x: 14, y: 17, width: 7, height: 5, rx: 1 }),
    h('path', { d: 'M6.5 8v11.5H14M6.5 12.5H14' }),
  );
}

// GraphiQL compares its plugins by identity on every render: one list, made once.
const PLUGINS = [{ title: 'Query plan', icon: QueryPlanIcon, content: QueryPlanPane }];

/** Mounts the explorer in `element`, talking to `endpoint`; `notice` says why it is shown, if it replaced Sandbox. */
export function mount(element, { endpoint, notice }) {
  element.replaceChildren();
  ReactDOM.createRoot(element).render(
    h(
      GraphiQL,
      { fetcher: createFetcher(endpoint), plugins: PLUGINS, shouldPersistHeaders: false },
      h(GraphiQL.Logo, null, 'Hexagraph'),
      notice
        ? h(GraphiQL.Footer, null, h('p', { className: 'hexagraph-notice', role: 'status' }, notice))
        : null,
    ),
  );
}
