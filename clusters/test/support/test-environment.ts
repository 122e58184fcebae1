import vm from 'node:vm';
import { TestEnvironment } from 'jest-environment-node';

/**
 * Jest's Node.js environment, with one change on Node.js before 22: modules are compiled so that
 * V8 reuses its compilation from one test file to the next.
 *
 * Jest compiles every module of every test file with `vm.compileFunction`, in the file's own
 * context. Before Node.js 22 that function never hits V8's in-isolate compilation cache, so a
 * worker parses aws-cdk-lib, cdk8s-plus-28 and the rest afresh for each test file and compiles
 * each function again when it first runs; `new vm.Script` of the same source does hit it
 * (nodejs/node#35375, fixed for compileFunction in the V8 that Node.js 22 ships). Here a module
 * body is compiled as a `vm.Script` holding the function: the wrapper has a line of its own and
 * the script starts a line earlier, so every line and column of the module stays where it is.
 * From Node.js 22 on, `vm.compileFunction` is left alone.
 */
type CompileFunction = typeof vm.compileFunction;
type CompileOptions = NonNullable<Parameters<CompileFunction>[2]>;

/** Node.js's own `vm.compileFunction`, whatever this module does to `vm`. */
export const nodeCompileFunction: CompileFunction = vm.compileFunction;

/** `vm.compileFunction(code, params, options)` compiled through `vm.Script`, where the options allow it. */
export function compileThroughScript(code: string, params: readonly string[] = [], options: CompileOptions = {}): ReturnType<CompileFunction> {
  const { parsingContext, filename, lineOffset = 0, columnOffset = 0, importModuleDynamically } = options;
  // What a Script cannot do as compileFunction does: extra scopes, caller-managed cached data, a
  // first line that is not JavaScript (a function body may not start with `#!`), a column offset
  // (it would shift the wrapper's line, not the module's).
  const unsupported = options.contextExtensions?.length || options.cachedData || options.produceCachedData || columnOffset !== 0 || code.startsWith('#!');
  if (!parsingContext || unsupported) return nodeCompileFunction(code, [...params], options);
  const script = new vm.Script(`(function (${params.join(', ')}) {\n${code}\n})`, {
    filename,
    lineOffset: lineOffset - 1,
    importModuleDynamically: importModuleDynamically as vm.ScriptOptions['importModuleDynamically'],
  });
  return script.runInContext(parsingContext) as ReturnType<CompileFunction>;
}

/** True where `vm.compileFunction` misses V8's compilation cache (Node.js before 22). */
export const COMPILES_THROUGH_SCRIPT = Number(process.versions.node.split('.')[0]) < 22;

if (COMPILES_THROUGH_SCRIPT) vm.compileFunction = compileThroughScript as CompileFunction;

export default TestEnvironment;
