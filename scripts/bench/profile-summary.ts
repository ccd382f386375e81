import { readFileSync } from 'node:fs';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: {
    readonly functionName: string;
    readonly url: string;
    readonly lineNumber: number;
  };
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/**
 * The hottest functions (self time) and source areas of a `.cpuprofile` written by
 * `node --cpu-prof`, as printable lines.
 */
export function summarizeProfile(file: string, top = 25): string[] {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfByFrame = new Map<string, number>();
  const selfByArea = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, index) => {
    const node = byId.get(id);
    const micros = profile.timeDeltas[index] ?? 0;
    if (!node) return;
    total += micros;
    const { functionName, url, lineNumber } = node.callFrame;
    const frame = `${functionName || '(anonymous)'} ${shortUrl(url)}:${lineNumber + 1}`;
    selfByFrame.set(frame, (selfByFrame.get(frame) ?? 0) + micros);
    const area = areaOf(url, functionName);
    selfByArea.set(area, (selfByArea.get(area) ?? 0) + micros);
  });
  const lines = (entries: Map<string, number>, count: number) =>
    [...entries]
      .sort((a, b) => b[1] - a[1])
      .slice(0, count)
      .map(([name, micros]) => `  ${((100 * micros) / total).toFixed(1).padStart(5)}%  ${name}`);
  return [
    `CPU profile ${file} (${(total / 1e6).toFixed(1)} s sampled)`,
    'self time by area:',
    ...lines(selfByArea, 12),
    `top ${top} functions by self time:`,
    ...lines(selfByFrame, top),
  ];
}

function shortUrl(url: string): string {
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) return url.slice(modules + 'node_modules/'.length);
  const repo = url.search(/\/(gateway|subgraphs|scripts)\//);
  return repo >= 0 ? url.slice(repo + 1) : url;
}

/** A package, a source folder of ours, or a bucket for V8 internals. */
function areaOf(url: string, functionName: string): string {
  if (url === '') return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) return url;
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const parts = url.slice(modules + 'node_modules/'.length).split('/');
    return parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] ?? url);
  }
  const short = shortUrl(url);
  return short.slice(0, short.lastIndexOf('/')) || short;
}
