import { stringify } from 'yaml';
import { toYaml } from '../render/rendered-file';
import { renderFleet } from '../render/render-fleet';
import { echoFleet } from './support/planted-render';
import { TEST_WORKLOADS } from './support/echo-workload';

/** toYaml serialises each distinct object once; what it returns must not depend on that. */
const direct = (value: unknown) => stringify(value, { version: '1.1', aliasDuplicateObjects: false, lineWidth: 0 });

describe('toYaml serialising each distinct object once', () => {
  test.each<[string, unknown, unknown]>([
    ['zero and negative zero', { replicas: 0 }, { replicas: -0 }],
    ['a missing value and null', { value: undefined, other: 1 }, { value: null, other: 1 }],
    ['a string and the number it spells', { port: '8080' }, { port: 8080 }],
    ['a date and its ISO string', { at: new Date(0) }, { at: '1970-01-01T00:00:00.000Z' }],
    ['infinity and null', { limit: Number.POSITIVE_INFINITY }, { limit: null }],
    ['the same keys in another order', { a: 1, b: 2 }, { b: 2, a: 1 }],
  ])('keeps %s apart', (_title, first, second) => {
    for (const value of [first, second, first, second]) expect(toYaml(value)).toBe(direct(value));
  });

  test('writes every rendered file exactly as a direct serialisation would', () => {
    const fleet = echoFleet();
    const files = renderFleet(fleet, { workloads: TEST_WORKLOADS });
    const again = renderFleet(fleet, { workloads: TEST_WORKLOADS });
    expect(again).toEqual(files);
    const object = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: { on: 'yes', mode: '0755' } };
    expect(toYaml(object)).toBe(direct(object));
    expect(toYaml(JSON.parse(JSON.stringify(object)))).toBe(direct(object));
  });
});
