import vm from 'node:vm';
import { COMPILES_THROUGH_SCRIPT, compileThroughScript, nodeCompileFunction } from './support/test-environment';

/**
 * The test environment's module compiler (support/test-environment.ts) against Node.js's
 * `vm.compileFunction`: the same function, the same errors at the same lines and columns.
 */
type Compile = typeof nodeCompileFunction;
const compilers: readonly (readonly [string, Compile])[] = [
  ['vm.compileFunction', nodeCompileFunction],
  ['compileThroughScript', compileThroughScript as Compile],
];

/** What each compiler makes of `run(compile)`, keyed by compiler. */
const both = <T>(run: (compile: Compile) => T) => compilers.map(([, compile]) => run(compile));

describe('compiling modules for the test environment', () => {
  test('gives a function of the parsing context, with the parameters, `this` and result compileFunction gives', () => {
    const [native, script] = both((compile) => {
      const context = vm.createContext({});
      const body = compile("'use strict';\nreturn [typeof this, a + b, Object.getPrototypeOf(function () {}) === Function.prototype];", ['a', 'b'], { filename: '/module/sum.js', parsingContext: context });
      return { result: body.call({ self: true }, 1, 2), ofContext: Object.getPrototypeOf(body) === vm.runInContext('Function.prototype', context) };
    });
    expect(native).toEqual({ result: ['object', 3, true], ofContext: true });
    expect(script).toEqual(native);
  });

  test('places a runtime error on the line and column of the module where it happens', () => {
    const frames = both((compile) => {
      const body = compile('const first = 1;\n\n   null.property;', [], { filename: '/module/fails.js', parsingContext: vm.createContext({}) });
      try {
        body();
      } catch (error) {
        return (error as Error).stack?.split('\n')[1];
      }
      return 'no error';
    });
    expect(frames[0]).toMatch(/\/module\/fails\.js:3:9\)?$/);
    expect(frames[1]).toBe(frames[0]);
  });

  test('reports a syntax error with the line compileFunction reports', () => {
    const errors = both((compile) => {
      try {
        compile('let a = 1;\nlet b = ;\n', ['x'], { filename: '/module/broken.js', parsingContext: vm.createContext({}) });
      } catch (error) {
        return { name: (error as Error).name, message: (error as Error).message, where: (error as Error).stack?.split('\n').slice(0, 3) };
      }
      return 'compiled';
    });
    expect(errors[0]).toMatchObject({ name: 'SyntaxError', where: ['/module/broken.js:2', 'let b = ;', '        ^'] });
    expect(errors[1]).toEqual(errors[0]);
  });

  test('hands import() to the dynamic-import callback as compileFunction does', async () => {
    const outcomes = await Promise.all(
      both((compile) => {
        const body = compile("return import('some-module');", [], { filename: '/module/imports.js', parsingContext: vm.createContext({}), importModuleDynamically: async () => ({}) as vm.Module });
        return (body() as Promise<unknown>).then(
          () => 'imported',
          (error: NodeJS.ErrnoException) => error.code ?? error.message,
        );
      }),
    );
    expect(outcomes[1]).toBe(outcomes[0]);
  });

  test('replaces vm.compileFunction exactly where it misses the compilation cache: Node.js before 22', () => {
    expect(COMPILES_THROUGH_SCRIPT).toBe(Number(process.versions.node.split('.')[0]) < 22);
    expect(vm.compileFunction === (compileThroughScript as Compile)).toBe(COMPILES_THROUGH_SCRIPT);
  });
});
