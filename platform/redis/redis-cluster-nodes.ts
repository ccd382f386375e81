import { z } from 'zod';

/** A seed node of a Redis Cluster: the client learns every other node from it. */
export interface RedisClusterNode {
  host: string;
  port: number;
}

/** How to reach a Redis Cluster: seed nodes and the credentials and TLS every node shares. */
export interface RedisClusterSettings {
  nodes: RedisClusterNode[];
  username?: string;
  password?: string;
  /** Connect over TLS (`rediss://` seeds). */
  tls: boolean;
}

const DEFAULT_PORT = 6379;

/**
 * Parses a comma-separated list of seed nodes, each `host:port` or a `redis://` / `rediss://` URL
 * (e.g. `rediss://user:secret@10.0.0.1:6380`). Credentials and TLS come from the URL entries, which
 * must then agree on them. Throws an Error saying which entry is wrong and why.
 */
export function parseRedisClusterNodes(value: string): RedisClusterSettings {
  const entries = value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  if (entries.length === 0) throw new Error('must list at least one host:port');
  const nodes: RedisClusterNode[] = [];
  let security: { username?: string; password?: string; tls: boolean; from: string } | undefined;
  for (const entry of entries) {
    const isUrl = /^[a-z][a-z0-9+.-]*:\/\//i.test(entry);
    let url: URL;
    try {
      url = new URL(isUrl ? entry : `redis://${entry}`);
    } catch {
      throw new Error(`${JSON.stringify(entry)} is not host:port or a redis:// URL`);
    }
    if (url.protocol !== 'redis:' && url.protocol !== 'rediss:')
      throw new Error(`${JSON.stringify(entry)} must be host:port or a redis:// or rediss:// URL`);
    if (url.hostname === '') throw new Error(`${JSON.stringify(entry)} names no host`);
    if (url.pathname !== '' && url.pathname !== '/')
      throw new Error(`${JSON.stringify(entry)} names a database: a Redis Cluster has only database 0`);
    nodes.push({ host: url.hostname.replace(/^\[|\]$/g, ''), port: Number(url.port || DEFAULT_PORT) });
    if (!isUrl) continue;
    const found = {
      ...(url.username && { username: decodeURIComponent(url.username) }),
      ...(url.password && { password: decodeURIComponent(url.password) }),
      tls: url.protocol === 'rediss:',
      from: entry,
    };
    if (!security) security = found;
    else if (
      security.username !== found.username ||
      security.password !== found.password ||
      security.tls !== found.tls
    )
      throw new Error(
        `${JSON.stringify(entry)} disagrees with ${JSON.stringify(security.from)} on user, password or TLS`,
      );
  }
  return {
    nodes,
    ...(security?.username !== undefined && { username: security.username }),
    ...(security?.password !== undefined && { password: security.password }),
    tls: security?.tls ?? false,
  };
}

/**
 * The `REDIS_CLUSTER_NODES` variable: unset or blank for a single Redis (REDIS_URL), otherwise the
 * seed nodes of a Redis Cluster.
 */
export function redisClusterNodesEnv() {
  return z
    .string()
    .optional()
    .transform((value, context) => {
      if (value === undefined || value.trim() === '') return undefined;
      try {
        return parseRedisClusterNodes(value);
      } catch (error) {
        context.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
    });
}

/** `cluster host:port,host:port`: where a cluster client connects, without credentials. */
export function describeRedisCluster(settings: RedisClusterSettings): string {
  return `cluster ${settings.nodes.map((node) => `${node.host}:${node.port}`).join(',')}`;
}
