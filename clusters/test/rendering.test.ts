import { runSuites } from './support/run-suites';

/**
 * The render, its files, the real tools that read them and their review, in one Jest file: the
 * suites share their module loads and the renders their fixtures make (support/planted-render.ts,
 * support/rendered-tree.ts).
 */
runSuites(__dirname, ['render', 'rendered-file', 'yaml-serialisation', 'write-dist', 'diff-review', 'multi-account-fleet', 'fork-fleet', 'render-diff', 'rendered-tools', 'pull-request-workflow']);
