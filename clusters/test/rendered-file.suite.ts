import { parse } from 'yaml';
import { exactJson, toYaml } from '../render/rendered-file';

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

describe('exactJson', () => {
  test('is the JSON of plain objects, arrays, strings, finite numbers, booleans and null, with or without a prototype', () => {
    const plain = { kind: 'A', spec: { list: [1, 2.5, 'x', null, true, { nested: [] }] } };
    expect(exactJson(plain)).toBe(JSON.stringify(plain));
    const bare = Object.assign(Object.create(null) as object, { a: 1 });
    expect(exactJson(bare)).toBe('{"a":1}');
  });

  class Quantity {
    constructor(readonly value: string) {}
  }
  test.each([
    ['-0', { replicas: -0 }],
    ['NaN', { ratio: NaN }],
    ['Infinity', [Infinity]],
    ['an undefined property', { a: undefined }],
    ['undefined in an array', [1, undefined]],
    ['a hole in an array', [1, , 2]], // eslint-disable-line no-sparse-arrays
    ['a Date', { at: new Date(0) }],
    ['a Map', { entries: new Map() }],
    ['a class instance', { cpu: new Quantity('1') }],
    ['a function', { build: () => 1 }],
    ['a bigint', { size: BigInt(1) }],
  ])('is undefined for a value holding %s, which JSON would not give back', (_, value) => {
    expect(exactJson(value)).toBeUndefined();
  });
});
