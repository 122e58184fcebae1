import { parse } from 'yaml';
import { toYaml } from '../render/rendered-file';

describe('toYaml', () => {
  test.each(['on', 'off', 'yes', 'no', 'y', 'true', '0755', '1:20', '012345678901', '1e3'])('quotes the string %s, which a YAML 1.1 reader would not keep as a string', (value) => {
    const yaml = toYaml({ value });
    expect(yaml).toMatch(/^value: (".*"|'.*')$/m);
    expect(parse(yaml, { version: '1.1' })).toEqual({ value });
  });

  test('writes repeated objects in full instead of anchors and aliases', () => {
    const shared = { cpu: '100m' };
    expect(toYaml({ requests: shared, limits: shared })).not.toMatch(/[&*]a\d/);
  });

  test('never folds long strings', () => {
    const long = 'x '.repeat(200).trim();
    expect(toYaml({ long }).trim().split('\n')).toHaveLength(1);
  });
});
