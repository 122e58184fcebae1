'use strict';
/**
 * Runs a TypeScript entry point of this repository as esbuild bundles with V8 code caches, so a
 * command starts about as fast as loading its packages allows:
 *
 *   node clusters/bundle/run-bundled.js clusters/synth.ts [arguments of the command]
 *   node clusters/bundle/run-bundled.js --packages external clusters/infra/bin/synth.ts
 *
 * Two bundles: the repository's own files, and the npm packages they import. A source edit
 * rebuilds only the first (a sixth of the second's build time) and leaves the packages' bundle and
 * its code cache as they were. `--packages external` builds no packages' bundle and loads npm
 * packages from node_modules as usual: for packages that find files next to their own code
 * (aws-cdk-lib's asset handlers, cdk-nag's rule names), which a bundle would move.
 *
 * The repository's bundle is keyed by a hash of everything it was built from: the content of
 * every repository file esbuild read (the metafile's inputs), the listing of every folder those
 * files live in (a new file that an import would now resolve to changes it), the installed
 * packages (node_modules/.package-lock.json), tsconfig.json, the esbuild version and this file.
 * Each run recomputes the hash from the files on disk and rebuilds when it differs, so a stale
 * bundle is never run. The packages' bundle is keyed by the packages imported, the installed
 * packages, the esbuild version, the Node.js major version and this file. Bundles and code caches
 * live in node_modules/.cache/bundles (BUNDLE_CACHE_DIR overrides), with the files a bundle keeps
 * between its runs (`<key>.memo-*.json`, clusters/bundle/memo.ts), which go when it does; deleting
 * that folder is always safe. Nothing is type-checked here: `npm run typecheck` is its own step.
 *
 * Plain JavaScript on purpose: it has to run before anything can compile TypeScript.
 */
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');
const vm = require('node:vm');

const REPOSITORY_ROOT = path.resolve(__dirname, '..', '..');
const FORMAT = 1;

function cacheFolder() {
  return path.resolve(process.env.BUNDLE_CACHE_DIR || path.join(REPOSITORY_ROOT, 'node_modules', '.cache', 'bundles'));
}

function readOrEmpty(file) {
  try {
    return fs.readFileSync(file);
  } catch {
    return Buffer.alloc(0);
  }
}

/**
 * A hash already holding what every bundle is built with (this file, the esbuild version, the
 * installed packages, read afresh from disk), and `part` to add labelled content to it.
 */
function bundleHash() {
  const hash = createHash('sha256');
  const part = (label, content) => hash.update(`${label}\0${content.length}\0`).update(content);
  part('format', String(FORMAT));
  part('launcher', readOrEmpty(__filename));
  part('esbuild', require('esbuild/package.json').version);
  const installed = path.join(REPOSITORY_ROOT, 'node_modules', '.package-lock.json');
  part('packages', fs.existsSync(installed) ? fs.readFileSync(installed) : readOrEmpty(path.join(REPOSITORY_ROOT, 'package-lock.json')));
  return { hash, part };
}

/** Hash of the inputs a bundle was built from, read afresh from disk. */
function inputsKey(inputs, folders, packages) {
  const { hash, part } = bundleHash();
  part('packages mode', packages);
  part('tsconfig', readOrEmpty(path.join(REPOSITORY_ROOT, 'tsconfig.json')));
  for (const input of inputs) part(`file ${input}`, readOrEmpty(path.join(REPOSITORY_ROOT, input)));
  for (const folder of folders) {
    let names = [];
    try {
      names = fs.readdirSync(path.join(REPOSITORY_ROOT, folder)).sort();
    } catch {
      names = ['(missing)'];
    }
    part(`folder ${folder}`, names.join('\n'));
  }
  return hash.digest('hex');
}

/**
 * Repository files that use `__dirname` get the folder they live in, as under tsx: the bundle
 * runs from the cache folder, and the repository root is passed to it at run time.
 */
const dirnamePlugin = {
  name: 'repository-dirname',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, (args) => {
      if (args.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
      const source = fs.readFileSync(args.path, 'utf8');
      if (!source.includes('__dirname')) return undefined;
      const folder = path.relative(REPOSITORY_ROOT, path.dirname(args.path)).split(path.sep);
      return { contents: `var __dirname = require('node:path').join(__repositoryRoot, ${folder.map((part) => JSON.stringify(part)).join(', ')});\n${source}`, loader: 'ts' };
    });
  },
};

/** What both bundles are: CommonJS for this Node.js major version, kept in memory. */
function bundleOptions() {
  return {
    absWorkingDir: REPOSITORY_ROOT,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: `node${process.versions.node.split('.')[0]}`,
    write: false,
    logLevel: 'error',
  };
}

async function build(entry, packages, manifestFile) {
  const esbuild = require('esbuild');
  const result = await esbuild.build({
    ...bundleOptions(),
    entryPoints: [path.join(REPOSITORY_ROOT, entry)],
    metafile: true,
    outfile: path.join(cacheFolder(), 'bundle.js'),
    plugins: [dirnamePlugin],
    packages: 'external',
  });
  const inputs = Object.keys(result.metafile.inputs)
    .filter((input) => !input.split('/').includes('node_modules'))
    .sort();
  const folders = [...new Set(inputs.map((input) => path.posix.dirname(input)))].sort();
  const key = inputsKey(inputs, folders, packages);
  const bundleFile = path.join(cacheFolder(), `${key}.js`);
  writeAtomically(bundleFile, result.outputFiles[0].contents);
  const [output] = Object.values(result.metafile.outputs);
  const packageImports = packages === 'bundled' ? [...new Set(output.imports.filter((imported) => imported.external && !isBuiltin(imported.path)).map((imported) => imported.path))].sort() : [];
  // The packages' key as the installed packages are now: any change to them also changes `key`,
  // so while `key` holds, so does this one, and a run reusing this build reads it from here.
  const packagesBundleKey = packages === 'bundled' ? packagesKey(packageImports) : undefined;
  const previous = readManifest(manifestFile);
  writeAtomically(manifestFile, JSON.stringify({ entry, packages, key, inputs, folders, packageImports, packagesBundleKey }));
  if (previous && previous.key !== key) removeBundle(previous.key);
  if (previous && previous.packagesBundleKey && previous.packagesBundleKey !== packagesBundleKey) removeBundle(previous.packagesBundleKey);
  return { bundleFile, packageImports, packagesBundleKey };
}

function isBuiltin(specifier) {
  return specifier.startsWith('node:') || Module.builtinModules.includes(specifier);
}

/** Hash of what the packages' bundle is built from (the installed packages are read afresh). */
function packagesKey(packageImports) {
  const { hash, part } = bundleHash();
  part('node', process.versions.node.split('.')[0]);
  part('imports', packageImports.join('\n'));
  return `packages-${hash.digest('hex')}`;
}

/**
 * The npm packages the repository's bundle imports, as one bundle exporting, for each import,
 * a function that loads it (what `require` of it returns), so each loads when first required, as
 * it would from node_modules.
 */
async function buildPackages(packageImports, packagesFile) {
  const esbuild = require('esbuild');
  const result = await esbuild.build({
    ...bundleOptions(),
    stdin: {
      contents: packageImports.map((specifier) => `exports[${JSON.stringify(specifier)}] = () => require(${JSON.stringify(specifier)});`).join('\n'),
      resolveDir: REPOSITORY_ROOT,
      sourcefile: 'packages.js',
      loader: 'js',
    },
  });
  writeAtomically(packagesFile, result.outputFiles[0].contents);
}

function readManifest(manifestFile) {
  try {
    return JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Deletes a superseded bundle and its code caches (a process still running it has it in memory). */
function removeBundle(key) {
  for (const name of fs.readdirSync(cacheFolder())) {
    if (name.startsWith(`${key}.`)) fs.rmSync(path.join(cacheFolder(), name), { force: true });
  }
}

function writeAtomically(file, content) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, content);
  fs.renameSync(temporary, file);
}

/** The name the files kept for `entry` run with `packages` start with. */
function cacheName(entry, packages) {
  return `${entry.replace(/[^A-Za-z0-9.-]/g, '_')}.${packages}`;
}

/**
 * The bundles of `entry` built from the sources and packages as they are now: each reused when its
 * key still matches, rebuilt otherwise. `packagesFile` is absent with `--packages external`.
 */
async function currentBundle(entry, packages = 'bundled') {
  const manifestFile = path.join(cacheFolder(), `${cacheName(entry, packages)}.json`);
  const manifest = readManifest(manifestFile);
  let current;
  if (manifest) {
    const bundleFile = path.join(cacheFolder(), `${manifest.key}.js`);
    if (
      manifest.entry === entry &&
      manifest.packages === packages &&
      Array.isArray(manifest.inputs) &&
      Array.isArray(manifest.folders) &&
      Array.isArray(manifest.packageImports) &&
      (packages !== 'bundled' || typeof manifest.packagesBundleKey === 'string') &&
      inputsKey(manifest.inputs, manifest.folders, packages) === manifest.key &&
      fs.existsSync(bundleFile)
    ) {
      current = { bundleFile, packageImports: manifest.packageImports, packagesBundleKey: manifest.packagesBundleKey, rebuilt: false };
    }
  }
  current ??= { ...(await build(entry, packages, manifestFile)), rebuilt: true };
  if (packages !== 'bundled') return current;
  const packagesFile = path.join(cacheFolder(), `${current.packagesBundleKey}.js`);
  const packagesRebuilt = !fs.existsSync(packagesFile);
  if (packagesRebuilt) await buildPackages(current.packageImports, packagesFile);
  return { ...current, packagesFile, packagesRebuilt };
}

/**
 * Compiles a bundle as the body of a function with these parameters, with the V8 code cache
 * written beside it (keyed by the Node.js and V8 versions, which must match for V8 to accept it).
 */
function compileBundle(file, source, parameters) {
  const cacheFile = `${file.slice(0, -3)}.node-${process.versions.node}-v8-${process.versions.v8}.cache`;
  const cachedData = fs.existsSync(cacheFile) ? fs.readFileSync(cacheFile) : undefined;
  const script = new vm.Script(`(function (${parameters.join(', ')}) {${source}\n})`, { filename: file, cachedData });
  if (!cachedData || script.cachedDataRejected) {
    // After the run, so that the functions it compiled lazily are in the cache too.
    process.once('exit', () => {
      try {
        writeAtomically(cacheFile, script.createCachedData());
      } catch {
        // A cache that cannot be written only costs time on the next run.
      }
    });
  }
  return script.runInThisContext();
}

/**
 * The `require` the repository's bundle runs with: an npm package from the packages' bundle when
 * there is one (each loaded once, when first required), anything else as Node.js resolves it
 * from the entry's folder.
 */
function bundleRequire(entry, packagesFile) {
  const resolved = Module.createRequire(path.join(REPOSITORY_ROOT, entry));
  if (!packagesFile) return resolved;
  const packagesModule = { exports: {} };
  compileBundle(packagesFile, fs.readFileSync(packagesFile, 'utf8'), ['exports', 'require', 'module', '__filename', '__dirname']).call(
    packagesModule.exports,
    packagesModule.exports,
    resolved,
    packagesModule,
    packagesFile,
    path.dirname(packagesFile),
  );
  const loaders = packagesModule.exports;
  const loaded = new Map();
  const require = (id) => {
    if (!Object.hasOwn(loaders, id)) return resolved(id);
    if (!loaded.has(id)) loaded.set(id, loaders[id]());
    return loaded.get(id);
  };
  require.resolve = resolved.resolve;
  require.cache = resolved.cache;
  require.extensions = resolved.extensions;
  Object.defineProperty(require, 'main', { get: () => process.mainModule });
  return require;
}

/** Runs the repository's bundle as the main module would run. */
function runBundle(bundleFile, source, entry, args, packagesFile) {
  const bundleModule = new Module(bundleFile, module);
  bundleModule.filename = bundleFile;
  bundleModule.paths = Module._nodeModulePaths(path.join(REPOSITORY_ROOT, path.dirname(entry)));
  process.argv = [process.argv[0], path.join(REPOSITORY_ROOT, entry), ...args];
  // The bundle is the main module, so an entry's `require.main === module` holds as under tsx.
  process.mainModule = bundleModule;
  // Files the bundle keeps between its runs (memo.ts) are named after its key, so they go with it.
  globalThis[Symbol.for('multi-account-observability.bundle-files')] = bundleFile.slice(0, -'.js'.length);
  const require = bundleRequire(entry, packagesFile);
  const moduleFunction = compileBundle(bundleFile, source, ['exports', 'require', 'module', '__filename', '__dirname', '__repositoryRoot']);
  moduleFunction.call(bundleModule.exports, bundleModule.exports, require, bundleModule, bundleFile, path.dirname(bundleFile), REPOSITORY_ROOT);
}

/**
 * A code cache for the npm packages a bundle leaves external, on Node.js versions without
 * `module.enableCompileCache` (before 22.1), where compiling them is a quarter of `cdk:synth`.
 * Each module is compiled as Node.js compiles it (same wrapper parameters, same line and column
 * numbers in stack traces, which the cloud assembly records) but through `vm.Script`, whose
 * cache can be taken when the process exits, so it also holds the functions compiled lazily
 * while the app ran. A module's cache is used only for the exact bytes it was made from (SHA-1
 * of the source, as V8 itself checks only the length); the file is rewritten when a module had
 * none or V8 rejected it, keeping the entries of modules this run did not load.
 */
function installPackageCompileCache(cacheFile) {
  let index = {};
  let data = Buffer.alloc(0);
  try {
    const file = fs.readFileSync(cacheFile);
    const headerLength = file.readUInt32LE(0);
    index = JSON.parse(file.subarray(4, 4 + headerLength).toString('utf8'));
    data = file.subarray(4 + headerLength);
  } catch {
    // No cache yet (or an unreadable one): every module compiles as usual and the cache is written.
  }
  const compiled = new Map();
  let stale = false;
  const compile = Module.prototype._compile;
  Module.prototype._compile = function compileWithCache(content, filename, format) {
    // An ES module reached through require (Node.js 20.19+ loads those; @swc/helpers resolves to
    // one under the `module-sync` condition) is Node.js's to load: it is not a CommonJS body.
    if (format === 'module' || !filename.includes(`${path.sep}node_modules${path.sep}`)) return compile.call(this, content, filename, format);
    const hash = createHash('sha1').update(content).digest('base64');
    const entry = index[filename];
    const cachedData = entry && entry[0] === hash ? data.subarray(entry[1], entry[1] + entry[2]) : undefined;
    // The wrapper on a line of its own, and the script starting a line earlier: the module's own
    // first line keeps its line and column numbers (minified packages are one line long).
    let script;
    try {
      script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {\n${stripShebang(content)}\n})`, {
        filename,
        lineOffset: -1,
        cachedData,
        importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
      });
    } catch (error) {
      // ES module syntax in a package with no "type": Node.js tells such a module by its syntax.
      if (error instanceof SyntaxError && format === undefined) return compile.call(this, content, filename, format);
      throw error;
    }
    if (!cachedData || script.cachedDataRejected) stale = true;
    compiled.set(filename, { hash, script });
    const moduleFunction = script.runInThisContext({ displayErrors: true });
    return moduleFunction.call(this.exports, this.exports, requireOf(this), this, filename, path.dirname(filename));
  };
  process.once('exit', () => {
    if (!stale) return;
    try {
      const header = {};
      const parts = [];
      let offset = 0;
      const add = (filename, hash, bytes) => {
        header[filename] = [hash, offset, bytes.length];
        parts.push(bytes);
        offset += bytes.length;
      };
      for (const [filename, { hash, script }] of compiled) add(filename, hash, script.createCachedData());
      for (const [filename, [hash, start, length]] of Object.entries(index)) {
        if (!compiled.has(filename)) add(filename, hash, data.subarray(start, start + length));
      }
      const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
      const headerLength = Buffer.alloc(4);
      headerLength.writeUInt32LE(headerBytes.length);
      writeAtomically(cacheFile, Buffer.concat([headerLength, headerBytes, ...parts]));
    } catch {
      // A cache that cannot be written only costs time on the next run.
    }
  });
}

/** A `#!` line is not JavaScript; Node.js blanks it, so does this (keeping the line). */
function stripShebang(content) {
  return content.startsWith('#!') ? content.replace(/^#![^\r\n]*/, '') : content;
}

/** The `require` Node.js gives a module: bound to it, with `resolve`, `main`, `extensions` and `cache`. */
function requireOf(module) {
  const require = (id) => module.require(id);
  require.resolve = (request, options) => Module._resolveFilename(request, module, false, options);
  require.resolve.paths = (request) => Module._resolveLookupPaths(request, module);
  require.main = process.mainModule;
  require.extensions = Module._extensions;
  require.cache = Module._cache;
  return require;
}

async function main() {
  // Node.js 22.1+ caches compiled code of every other module it loads (npm packages left
  // external); before that the launcher does (installPackageCompileCache).
  const compileCacheTag = `node-${process.versions.node}-v8-${process.versions.v8}`;
  const options = process.argv.slice(2);
  const packages = options[0] === '--packages' && options[1] === 'external' ? 'external' : 'bundled';
  const [entry, ...args] = packages === 'external' ? options.slice(2) : options;
  if (!entry || entry === '--help' || !entry.endsWith('.ts')) {
    console.error('Usage: node clusters/bundle/run-bundled.js [--packages external] <entry.ts relative to the repository> [arguments]');
    process.exitCode = entry === '--help' ? 0 : 2;
    return;
  }
  const relativeEntry = path.relative(REPOSITORY_ROOT, path.resolve(REPOSITORY_ROOT, entry)).split(path.sep).join('/');
  if (typeof Module.enableCompileCache === 'function') Module.enableCompileCache(path.join(cacheFolder(), 'node-compile-cache'));
  else installPackageCompileCache(path.join(cacheFolder(), `${cacheName(relativeEntry, packages)}.packages.${compileCacheTag}.cache`));
  let current = await currentBundle(relativeEntry, packages);
  let source;
  try {
    source = fs.readFileSync(current.bundleFile, 'utf8');
  } catch {
    // Superseded by a concurrent rebuild after an edit between the check and the read.
    current = await currentBundle(relativeEntry, packages);
    source = fs.readFileSync(current.bundleFile, 'utf8');
  }
  if (process.env.BUNDLE_LOG) {
    if (current.rebuilt) console.error(`Built ${entry} into ${current.bundleFile}`);
    if (current.packagesRebuilt) console.error(`Built the packages ${entry} imports into ${current.packagesFile}`);
  }
  runBundle(current.bundleFile, source, relativeEntry, args, current.packagesFile);
}

module.exports = { currentBundle, inputsKey, installPackageCompileCache };

if (require.main === module) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  });
}
