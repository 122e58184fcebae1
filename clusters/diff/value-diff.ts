/**
 * Field-level differences between two parsed documents. Map key order never matters; lists of
 * objects that carry a unique `name` (containers, ports, env, volumes) are matched by name, so
 * reordering them is not a change; other lists are compared by position when their length is
 * unchanged and by longest common subsequence otherwise. Strings holding JSON (dashboards) are
 * compared as JSON.
 */

/** One changed field: `before` absent means added, `after` absent means removed. */
export interface FieldChange {
  /** jq-like path, e.g. `.spec.template.spec.containers[name=echo].image`. */
  readonly path: string;
  readonly before?: unknown;
  readonly after?: unknown;
}

type Json = Record<string, unknown>;

function isPlainObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, index) => deepEqual(item, b[index]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => key in b && deepEqual(a[key], b[key]));
  }
  return false;
}

function keySegment(key: string): string {
  return /^[A-Za-z_][\w-]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}

/** The names of a list whose items are all objects with a distinct string `name`, else undefined. */
function namesOf(list: readonly unknown[]): string[] | undefined {
  const names = list.map((item) => (isPlainObject(item) && typeof item.name === 'string' ? item.name : undefined));
  if (names.some((name) => name === undefined)) return undefined;
  const unique = names as string[];
  return new Set(unique).size === unique.length ? unique : undefined;
}

function parseJsonString(value: string): unknown {
  const trimmed = value.trim();
  if (!(trimmed.startsWith('{') || trimmed.startsWith('['))) return undefined;
  try {
    return JSON.parse(trimmed);
  } catch {
    return undefined;
  }
}

/** Longest common subsequence of two lists under deep equality, as index pairs. */
export function commonSubsequence<T>(before: readonly T[], after: readonly T[], equal: (a: T, b: T) => boolean = deepEqual): [number, number][] {
  const lengths: number[][] = Array.from({ length: before.length + 1 }, () => new Array<number>(after.length + 1).fill(0));
  for (let i = before.length - 1; i >= 0; i--) {
    for (let j = after.length - 1; j >= 0; j--) {
      lengths[i][j] = equal(before[i], after[j]) ? lengths[i + 1][j + 1] + 1 : Math.max(lengths[i + 1][j], lengths[i][j + 1]);
    }
  }
  const pairs: [number, number][] = [];
  for (let i = 0, j = 0; i < before.length && j < after.length; ) {
    if (equal(before[i], after[j])) {
      pairs.push([i, j]);
      i++;
      j++;
    } else if (lengths[i + 1][j] >= lengths[i][j + 1]) i++;
    else j++;
  }
  return pairs;
}

function diffLists(before: readonly unknown[], after: readonly unknown[], path: string, out: FieldChange[]): void {
  const beforeNames = namesOf(before);
  const afterNames = namesOf(after);
  if (beforeNames && afterNames) {
    const afterByName = new Map(after.map((item, index) => [afterNames[index], item]));
    const beforeByName = new Map(before.map((item, index) => [beforeNames[index], item]));
    for (const name of beforeNames) diffValues(beforeByName.get(name), afterByName.has(name) ? afterByName.get(name) : undefined, `${path}[name=${name}]`, out, afterByName.has(name));
    for (const name of afterNames.filter((candidate) => !beforeByName.has(candidate))) out.push({ path: `${path}[name=${name}]`, after: afterByName.get(name) });
    return;
  }
  if (before.length === after.length) {
    before.forEach((item, index) => diffValues(item, after[index], `${path}[${index}]`, out));
    return;
  }
  const kept = commonSubsequence(before, after);
  const keptBefore = new Set(kept.map(([i]) => i));
  const keptAfter = new Set(kept.map(([, j]) => j));
  before.forEach((item, index) => {
    if (!keptBefore.has(index)) out.push({ path: `${path}[${index}]`, before: item });
  });
  after.forEach((item, index) => {
    if (!keptAfter.has(index)) out.push({ path: `${path}[${index}]`, after: item });
  });
}

/** Appends the differences between `before` and `after` under `path` to `out`. */
export function diffValues(before: unknown, after: unknown, path: string, out: FieldChange[], afterPresent = true): void {
  if (!afterPresent) {
    out.push({ path, before });
    return;
  }
  if (deepEqual(before, after)) return;
  if (isPlainObject(before) && isPlainObject(after)) {
    for (const key of Object.keys(before)) {
      if (key in after) diffValues(before[key], after[key], `${path}${keySegment(key)}`, out);
      else out.push({ path: `${path}${keySegment(key)}`, before: before[key] });
    }
    for (const key of Object.keys(after).filter((candidate) => !(candidate in before))) out.push({ path: `${path}${keySegment(key)}`, after: after[key] });
    return;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    diffLists(before, after, path, out);
    return;
  }
  if (typeof before === 'string' && typeof after === 'string') {
    const beforeJson = parseJsonString(before);
    const afterJson = parseJsonString(after);
    if (beforeJson !== undefined && afterJson !== undefined) {
      diffValues(beforeJson, afterJson, `${path}|json`, out);
      return;
    }
  }
  out.push({ path, before, after });
}

/** Every field that differs between two documents, in document order. */
export function fieldChanges(before: unknown, after: unknown): FieldChange[] {
  const out: FieldChange[] = [];
  diffValues(before, after, '', out);
  return out;
}
