import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Memo } from '../bundle/memo';

/** What run-bundled.js sets for the bundle it runs: the prefix of the files the bundle keeps. */
const BUNDLE_FILES = Symbol.for('multi-account-observability.bundle-files');
const isText = (value: unknown): value is string => typeof value === 'string';

describe('a memo kept between runs of a bundle', () => {
  let folder = '';
  const globals = globalThis as Record<symbol, unknown>;
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'memo-'));
    globals[BUNDLE_FILES] = join(folder, 'bundle-key');
  });
  afterEach(() => {
    delete globals[BUNDLE_FILES];
    rmSync(folder, { recursive: true, force: true });
  });
  const file = (name: string) => join(folder, `bundle-key.memo-${name}.json`);
  /** A run: a fresh memo of `name` that reads what the last run kept. */
  const run = (name: string, limit = 100) => {
    const memo = new Memo(name, isText, limit);
    memo.load();
    return memo;
  };

  test('a later run of the same bundle reads what an earlier one derived, and a run deriving nothing new writes nothing', () => {
    const first = run('texts');
    expect(first.get('a')).toBeUndefined();
    first.set('a', 'A');
    first.save();
    const second = run('texts');
    expect(second.get('a')).toBe('A');
    expect(second.summary()).toBe('memo texts: 1 reused, 0 derived');
    rmSync(file('texts'));
    second.save();
    expect(existsSync(file('texts'))).toBe(false);
  });

  test('keeps what the last run used and, up to as many again, what it did not', () => {
    const entries = () => JSON.parse(readFileSync(file('texts'), 'utf8')) as [string, string][];
    const first = run('texts');
    for (const key of ['a', 'b', 'c']) first.set(key, key.toUpperCase());
    first.save();
    const second = run('texts');
    expect(second.get('a')).toBe('A');
    second.set('d', 'D');
    second.save();
    expect(entries()).toEqual([['a', 'A'], ['d', 'D'], ['b', 'B'], ['c', 'C']]);
    const third = run('texts');
    expect(third.get('d')).toBe('D');
    third.set('e', 'E');
    third.save();
    expect(entries()).toEqual([['d', 'D'], ['e', 'E'], ['a', 'A'], ['b', 'B']]);
  });

  test.each([
    ['a torn file', '[["a", "A"'],
    ['a file of another shape', '{"a": "A"}'],
    ['an entry the memo does not accept', '[["a", 42], ["b"], ["c", "C", "x"]]'],
  ])('reads %s as nothing to reuse, and the next save replaces it', (_, content) => {
    writeFileSync(file('texts'), content);
    const memo = run('texts');
    expect(['a', 'b', 'c'].map((key) => memo.get(key))).toEqual([undefined, undefined, undefined]);
    memo.set('a', 'A');
    memo.save();
    expect(JSON.parse(readFileSync(file('texts'), 'utf8'))).toEqual([['a', 'A']]);
  });

  test('outside a bundle (tsx, Jest) stays in the process', () => {
    delete globals[BUNDLE_FILES];
    const memo = run('texts');
    memo.set('a', 'A');
    memo.save();
    expect(memo.get('a')).toBe('A');
    expect(existsSync(file('texts'))).toBe(false);
  });

  test('starts over in the process when its limit is reached', () => {
    const memo = run('texts', 2);
    memo.set('a', 'A');
    memo.set('b', 'B');
    memo.set('c', 'C');
    expect(['a', 'b', 'c'].map((key) => memo.get(key))).toEqual([undefined, undefined, 'C']);
  });
});
