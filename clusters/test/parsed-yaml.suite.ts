import { parseAllDocuments } from 'yaml';
import { parseYaml } from '../render/parsed-yaml';

/** What `yaml` itself makes of every document of `text`. */
const parsedByYaml = (text: string) => parseAllDocuments(text).map((document) => document.toJS() as unknown);

describe('parseYaml', () => {
  const text = ['kind: A', 'spec: {b: 2, a: [1, 2.5, null], "10": x, "2": y}', '---', '', '---', 'values: [.inf, -.inf, -0, 0, "", true]'].join('\n');

  test('gives the values yaml gives, on the first read and on every read after it', () => {
    const expected = parsedByYaml(text);
    for (let read = 0; read < 3; read++) {
      expect(parseYaml(text)).toStrictEqual({ documents: expected });
    }
  });

  test('gives each read values of its own: changing what one read returned changes nothing another returns', () => {
    const source = 'metadata:\n  labels:\n    team: geordie\n';
    const first = parseYaml(source).documents[0] as { metadata: { labels: Record<string, string> } };
    first.metadata.labels.team = 'changed';
    const second = parseYaml(source).documents[0] as { metadata: { labels: Record<string, string> } };
    second.metadata.labels.extra = 'added';
    expect(parseYaml(source).documents).toStrictEqual([{ metadata: { labels: { team: 'geordie' } } }]);
  });

  test('gives the first error with what yaml recovered, on every read', () => {
    const broken = 'a: 1\n---\nb: [unclosed\n';
    for (let read = 0; read < 2; read++) {
      const parsed = parseYaml(broken);
      expect(parsed.error?.code).toBe('BAD_INDENT');
      expect(parsed.documents).toEqual([{ a: 1 }, { b: ['unclosed'] }]);
    }
  });
});
