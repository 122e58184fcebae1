import { readFileSync, renameSync, writeFileSync } from 'node:fs';

/**
 * Results of a pure function by the text of its input: kept in the process, and between runs of
 * the same bundle once the command calls `keepMemosBetweenRuns()`. A kept memo is a file next to
 * the bundle, named after the bundle's key (run-bundled.js): any edit to a source, to the
 * installed packages or to the launcher makes another bundle, which starts with an empty memo,
 * and the old files go with the old bundle. So a memo entry is only ever read by the exact code
 * that wrote it, and deleting node_modules/.cache/bundles stays safe.
 */

/** Where run-bundled.js tells the bundle it runs which files it may keep: `<cache>/<bundle key>`. */
const BUNDLE_FILES = Symbol.for('multi-account-observability.bundle-files');

const memos: Memo<unknown>[] = [];
let kept = false;

export class Memo<V> {
  /** Entries this process read or derived; what a kept memo saves. */
  private readonly current = new Map<string, V>();
  /** Entries a previous run kept, not yet asked for. */
  private readonly stored = new Map<string, V>();
  private reused = 0;
  private derived = 0;

  /**
   * @param name names the memo's file; unique per memo.
   * @param isValue accepts a value read back from the file (anything else is derived again).
   * @param limit entries kept in the process: a long-lived process starts over when it is reached.
   */
  constructor(
    readonly name: string,
    private readonly isValue: (value: unknown) => value is V,
    private readonly limit: number,
  ) {
    memos.push(this as Memo<unknown>);
    if (kept) this.load();
  }

  get(key: string): V | undefined {
    const value = this.current.get(key);
    if (value !== undefined) return value;
    const stored = this.stored.get(key);
    if (stored !== undefined) {
      this.stored.delete(key);
      this.reused++;
      this.remember(key, stored);
    }
    return stored;
  }

  set(key: string, value: V): void {
    this.derived++;
    this.remember(key, value);
  }

  private remember(key: string, value: V): void {
    if (this.current.size >= this.limit) this.current.clear();
    this.current.set(key, value);
  }

  /** `<cache>/<bundle key>.memo-<name>.json`, when run-bundled.js started this process. */
  private file(): string | undefined {
    const prefix = (globalThis as Record<symbol, unknown>)[BUNDLE_FILES];
    return typeof prefix === 'string' ? `${prefix}.memo-${this.name}.json` : undefined;
  }

  /** Reads what a previous run kept; a missing, torn or foreign file reads as empty. */
  load(): void {
    const file = this.file();
    if (!file) return;
    let entries: unknown;
    try {
      entries = JSON.parse(readFileSync(file, 'utf8'));
    } catch {
      return;
    }
    if (!Array.isArray(entries)) return;
    for (const entry of entries as unknown[]) {
      if (Array.isArray(entry) && entry.length === 2 && typeof entry[0] === 'string' && this.isValue(entry[1])) this.stored.set(entry[0], entry[1]);
    }
  }

  /**
   * Writes the entries this run used, then as many again of those the file held that this run did
   * not use (a render of another fleet or of one cluster keeps what the full render needs, and the
   * file stays within twice what a run uses), replacing the file. A run that derived nothing writes
   * nothing: the file already holds all it used. A file that cannot be written only costs the
   * work again next run.
   */
  save(): void {
    const file = this.file();
    if (!file || this.derived === 0) return;
    const kept = [...this.current, ...[...this.stored].slice(0, this.current.size)];
    try {
      const temporary = `${file}.${process.pid}.tmp`;
      writeFileSync(temporary, JSON.stringify(kept));
      renameSync(temporary, file);
    } catch {
      // A read-only or full disk.
    }
  }

  /** What this process did with the memo, for BUNDLE_LOG. */
  summary(): string {
    return `memo ${this.name}: ${this.reused} reused, ${this.derived} derived`;
  }
}

/**
 * Makes every memo of this process, and every one created later, read what the previous run of
 * this bundle kept and keep what this run used when the process exits. Without run-bundled.js
 * (tsx, Jest) memos stay in the process. With BUNDLE_LOG set, prints what each memo reused.
 */
export function keepMemosBetweenRuns(): void {
  if (kept) return;
  kept = true;
  for (const memo of memos) memo.load();
  process.once('exit', () => {
    for (const memo of memos) {
      memo.save();
      if (process.env.BUNDLE_LOG) console.error(memo.summary());
    }
  });
}
