import { describe, expect, it } from 'vitest';
import { parseEnv } from '../../../../platform/config.js';
import {
  describeRedisCluster,
  parseRedisClusterNodes,
  redisClusterNodesEnv,
} from '../../../../platform/redis/redis-cluster-nodes.js';

describe('parseRedisClusterNodes', () => {
  it('reads host:port seeds, with 6379 when the port is left out', () => {
    expect(parseRedisClusterNodes('10.0.0.1:7000, 10.0.0.2:7001,cache-3')).toEqual({
      nodes: [
        { host: '10.0.0.1', port: 7000 },
        { host: '10.0.0.2', port: 7001 },
        { host: 'cache-3', port: 6379 },
      ],
      tls: false,
    });
  });

  it('takes user, password and TLS from URL seeds', () => {
    expect(
      parseRedisClusterNodes('rediss://app:s%40cret@a:7000,b:7001,rediss://app:s%40cret@c:7002'),
    ).toEqual({
      nodes: [
        { host: 'a', port: 7000 },
        { host: 'b', port: 7001 },
        { host: 'c', port: 7002 },
      ],
      username: 'app',
      password: 's@cret',
      tls: true,
    });
  });

  it.each([
    ['', /at least one host:port/],
    ['http://a:7000', /"http:\/\/a:7000" must be host:port or a redis:\/\/ or rediss:\/\/ URL/],
    ['a:notaport', /"a:notaport" is not host:port/],
    ['redis://a:7000/2', /names a database: a Redis Cluster has only database 0/],
    [
      'redis://x:1@a:7000,redis://y:2@b:7001',
      /disagrees with "redis:\/\/x:1@a:7000" on user, password or TLS/,
    ],
  ])('refuses %j, saying why', (value, message) => {
    expect(() => parseRedisClusterNodes(value)).toThrow(message);
  });

  it('names REDIS_CLUSTER_NODES and the bad value when read from the environment', () => {
    const shape = { REDIS_CLUSTER_NODES: redisClusterNodesEnv() };
    expect(parseEnv(shape, {})).toEqual({});
    expect(parseEnv(shape, { REDIS_CLUSTER_NODES: ' ' })).toEqual({ REDIS_CLUSTER_NODES: undefined });
    expect(() => parseEnv(shape, { REDIS_CLUSTER_NODES: 'ftp://a' })).toThrow(
      /REDIS_CLUSTER_NODES: "ftp:\/\/a" must be host:port or a redis:\/\/ or rediss:\/\/ URL \(got "ftp:\/\/a"\)/,
    );
  });

  it('describes a cluster without its credentials', () => {
    expect(describeRedisCluster(parseRedisClusterNodes('redis://app:secret@a:7000,b:7001'))).toBe(
      'cluster a:7000,b:7001',
    );
  });
});
