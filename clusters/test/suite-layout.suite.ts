import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { REPO_ROOT } from './support/fleet-fixtures';
import { AWS_LAYER_SUITES, RENDER_SUITES } from './support/suites';

/** The folders Jest searches, from jest.config.js (`<rootDir>/clusters`, ...). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const JEST_ROOTS = (require(join(REPO_ROOT, 'jest.config.js')) as { roots: string[] }).roots.map((root) => root.replace('<rootDir>/', ''));

/** Every file under the folders Jest searches whose name ends with `suffix`, from the repository root. */
function filesEndingWith(suffix: string): string[] {
  return JEST_ROOTS.flatMap((root) =>
    readdirSync(join(REPO_ROOT, root), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile() && entry.name.endsWith(suffix) && !/(^|\/)(node_modules|cdk\.out)(\/|$)/.test(relative(REPO_ROOT, entry.parentPath)))
      .map((entry) => relative(REPO_ROOT, join(entry.parentPath, entry.name)).split('\\').join('/')),
  );
}

describe('the layout of the test suites', () => {
  test('every suite of the repository runs from one of the two Jest files, once', () => {
    const listed = [...AWS_LAYER_SUITES, ...RENDER_SUITES];
    expect(listed.filter((suite, index) => listed.indexOf(suite) !== index)).toEqual([]);
    expect(new Set(listed)).toEqual(new Set(filesEndingWith('.suite.ts').map((file) => file.replace(/\.suite\.ts$/, ''))));
  });

  test('the two Jest files are the only test files', () => {
    expect(filesEndingWith('.test.ts').sort()).toEqual(['clusters/test/aws-layer.test.ts', 'clusters/test/render.test.ts']);
  });
});
