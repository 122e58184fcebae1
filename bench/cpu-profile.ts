import { readFileSync } from 'node:fs';

/** The parts of a V8 `.cpuprofile` (written by `node --cpu-prof`) the summary reads. */
interface CpuProfile {
  readonly nodes: readonly {
    readonly id: number;
    readonly hitCount?: number;
    readonly children?: readonly number[];
    readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  }[];
  readonly startTime: number;
  readonly endTime: number;
}

export interface ProfileEntry {
  readonly name: string;
  readonly share: number;
}

/** Where code lives: the npm package, or the repository file. */
function owner(url: string): string {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (match) return match[1];
  if (url.startsWith('node:') || url === '') return url === '' ? '(native/GC)' : 'node core';
  const repository = /\/(clusters|platform|workloads|charts|bench)\/(.*)$/.exec(url);
  return repository ? `${repository[1]}/${repository[2]}` : url;
}

/** Self time by function and by package, largest first, as shares of all samples. */
export function summariseProfile(file: string, top = 15): { functions: ProfileEntry[]; owners: ProfileEntry[] } {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const total = profile.nodes.reduce((sum, node) => sum + (node.hitCount ?? 0), 0) || 1;
  const functions = new Map<string, number>();
  const owners = new Map<string, number>();
  for (const node of profile.nodes) {
    const hits = node.hitCount ?? 0;
    if (hits === 0) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const name = `${functionName || '(anonymous)'} ${owner(url)}:${lineNumber + 1}`;
    functions.set(name, (functions.get(name) ?? 0) + hits);
    owners.set(owner(url), (owners.get(owner(url)) ?? 0) + hits);
  }
  const ranked = (map: Map<string, number>) => [...map].sort((a, b) => b[1] - a[1]).slice(0, top).map(([name, hits]) => ({ name, share: hits / total }));
  return { functions: ranked(functions), owners: ranked(owners) };
}

/**
 * Share of all samples spent inside each named function, callees included (a sample counts once
 * however often the function is on its stack): where a phase of the render goes when it cannot
 * be timed from outside, such as serialisation inside the render.
 */
export function inclusiveShares(file: string, functionNames: readonly string[]): Map<string, number> {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const total = profile.nodes.reduce((sum, node) => sum + (node.hitCount ?? 0), 0) || 1;
  const hits = new Map(functionNames.map((name) => [name, 0]));
  for (const node of profile.nodes) {
    if (!node.hitCount) continue;
    const onStack = new Set<string>();
    for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
      const name = byId.get(id)?.callFrame.functionName ?? '';
      if (hits.has(name)) onStack.add(name);
    }
    for (const name of onStack) hits.set(name, (hits.get(name) ?? 0) + node.hitCount);
  }
  return new Map([...hits].map(([name, count]) => [name, count / total]));
}
