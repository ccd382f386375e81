import type { IncomingHttpHeaders } from 'node:http';
import { pathToFileURL } from 'node:url';
import { ConfigError } from '../../../../platform/config.js';

/** What the policy hook is asked about one operation. */
export interface PolicyRequest {
  /** Every `@policy` name the operation's fields mention, sorted. */
  readonly policies: readonly string[];
  /** The verified token's claims; undefined for an unauthenticated request. */
  readonly claims: Readonly<Record<string, unknown>> | undefined;
  /** The client's request headers. */
  readonly headers: Readonly<IncomingHttpHeaders>;
}

/**
 * Decides `@policy`: returns the names, among those asked, that the request is granted (an array
 * or a Set, possibly through a promise). A name it leaves out is denied.
 */
export type PolicyHook = (request: PolicyRequest) => Iterable<string> | Promise<Iterable<string>>;

/**
 * Imports the deployer's policy module (an ES module; `.js`, `.mjs`, or `.ts` under tsx) and
 * returns its default export, or its `decidePolicies` export. Throws a ConfigError naming
 * AUTH_POLICY_MODULE when the module cannot be loaded or exports no function.
 */
export async function loadPolicyHook(path: string): Promise<PolicyHook> {
  let module: Record<string, unknown>;
  try {
    module = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND'
        ? 'file not found'
        : (error as Error).message;
    throw new ConfigError([`AUTH_POLICY_MODULE: ${path} cannot be loaded: ${reason}`]);
  }
  const hook = typeof module.default === 'function' ? module.default : module.decidePolicies;
  if (typeof hook !== 'function') {
    throw new ConfigError([
      `AUTH_POLICY_MODULE: ${path} exports no function (export default function, or export function decidePolicies)`,
    ]);
  }
  return hook as PolicyHook;
}

/**
 * The policies of `request.policies` the hook grants. A hook that throws or answers something
 * other than strings grants nothing: a broken hook must fail closed. `onFailure` hears why.
 */
export async function grantedPolicies(
  hook: PolicyHook | undefined,
  request: PolicyRequest,
  onFailure: (error: unknown) => void,
): Promise<ReadonlySet<string>> {
  if (!hook || request.policies.length === 0) return new Set();
  try {
    const answer = await hook(request);
    if (answer === null || typeof answer !== 'object' || !(Symbol.iterator in answer)) {
      throw new TypeError('the policy hook must return an array or a Set of policy names');
    }
    const asked = new Set(request.policies);
    return new Set([...answer].filter((name) => typeof name === 'string' && asked.has(name)));
  } catch (error) {
    onFailure(error);
    return new Set();
  }
}
