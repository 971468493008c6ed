/**
 * ARCHITECTURE.md's import rules, read off the import lines of every source file, so the map stays true:
 * a broken rule fails here with the file and the import that broke it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

interface Import {
  readonly file: string;
  /** A path relative to the repository for relative imports, else the bare specifier. */
  readonly target: string;
  readonly bare: boolean;
  readonly typeOnly: boolean;
}

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(ts|js|cjs)$/.test(e.name))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)));
}

// Static imports and re-exports (type-only too) and dynamic import('...') calls.
const IMPORT =
  /(?:^|\n)\s*(import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function importsOf(file: string): Import[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const found: Import[] = [];
  for (const m of text.matchAll(IMPORT)) {
    const specifier = m[3] ?? m[4]!;
    const bare = !specifier.startsWith('.');
    found.push({
      file,
      bare,
      typeOnly: Boolean(m[2]),
      target: bare ? specifier : normalize(join(dirname(file), specifier)),
    });
  }
  return found;
}

const packageOf = (specifier: string): string =>
  specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!;
const isBuiltin = (specifier: string): boolean => specifier.startsWith('node:') || builtinModules.includes(specifier);

const SRC = sources('src').map(importsOf).flat();
const under = (prefix: string) => (i: Import) => i.file.startsWith(prefix);

function offenders(imports: readonly Import[], broken: (i: Import) => boolean): string[] {
  return imports.filter(broken).map((i) => `${i.file} imports ${i.target}`);
}

test('the import lines were read (the pattern still matches this code base)', () => {
  expect(SRC.length).toBeGreaterThan(100);
  expect(SRC.some((i) => i.file === 'src/main.ts' && i.target === 'src/deps.ts')).toBe(true);
});

test('entry points call run() / runPost() and nothing else', () => {
  expect(importsOf('src/index.ts').map((i) => i.target)).toEqual(['src/main.ts']);
  expect(importsOf('src/post.ts').map((i) => i.target)).toEqual(['src/post-main.ts']);
});

test('planning imports only planning and node built-ins without I/O', () => {
  const IO = [
    'node:fs',
    'node:fs/promises',
    'node:http',
    'node:https',
    'node:net',
    'node:child_process',
    'fs',
    'http',
    'https',
  ];
  expect(
    offenders(SRC.filter(under('src/planning/')), (i) =>
      i.bare ? !isBuiltin(i.target) || IO.includes(i.target) : !i.target.startsWith('src/planning/'),
    ),
  ).toEqual([]);
});

test('planning never reads the clock: `now` is passed in', () => {
  const reads = sources('src/planning').filter((f) =>
    /Date\.now\(|new Date\(\)/.test(readFileSync(join(ROOT, f), 'utf8')),
  );
  expect(reads).toEqual([]);
});

test('only src/github/ speaks REST (Octokit, @actions/github, HTTP clients)', () => {
  const REST = [
    '@octokit/',
    '@actions/github',
    '@actions/http-client',
    'undici',
    'bottleneck',
    'node:http',
    'node:https',
  ];
  expect(
    offenders(
      SRC.filter((i) => !i.file.startsWith('src/github/')),
      (i) => i.bare && REST.some((p) => i.target.startsWith(p)),
    ),
  ).toEqual([]);
});

test('only main.ts, post-main.ts and deps.ts import @actions/core', () => {
  const allowed = ['src/main.ts', 'src/post-main.ts', 'src/deps.ts'];
  expect(
    offenders(
      SRC.filter((i) => !allowed.includes(i.file)),
      (i) => i.target === '@actions/core',
    ),
  ).toEqual([]);
});

test('deps.ts is the only place that builds clients: Octokits and the artifact client', () => {
  const BUILDERS = ['src/github/octokit.ts', 'src/store/lazy-artifact-client.ts', '@actions/artifact'];
  const mayBuild = (i: Import) =>
    i.file === 'src/deps.ts' ||
    (i.file.startsWith('src/github/') && i.target.startsWith('src/github/')) ||
    (i.file === 'src/store/lazy-artifact-client.ts' && i.target === '@actions/artifact');
  expect(
    offenders(
      SRC.filter((i) => !mayBuild(i) && !i.typeOnly),
      (i) => BUILDERS.includes(i.target),
    ),
  ).toEqual([]);
});

test('REST is spoken only in src/github/: nothing else holds an Octokit, not even by type', () => {
  expect(
    offenders(
      SRC.filter((i) => !i.file.startsWith('src/github/') && i.file !== 'src/deps.ts'),
      (i) => i.target === 'src/github/octokit.ts',
    ),
  ).toEqual([]);
});

test('layers take the shared types from ports.ts, never from the composition root', () => {
  expect(
    offenders(
      SRC.filter((i) => !['src/main.ts', 'src/post-main.ts'].includes(i.file)),
      (i) => i.target === 'src/deps.ts',
    ),
  ).toEqual([]);
});

test('modes, publish, store and preflight never reach into the entry points', () => {
  const ENTRIES = ['src/main.ts', 'src/post-main.ts', 'src/index.ts', 'src/post.ts'];
  expect(offenders(SRC, (i) => ENTRIES.includes(i.target) && !ENTRIES.includes(i.file))).toEqual([]);
});

test('every package the action imports is a declared dependency', () => {
  const declared = new Set(Object.keys(pkg.dependencies));
  expect(offenders(SRC, (i) => i.bare && !isBuiltin(i.target) && !declared.has(packageOf(i.target)))).toEqual([]);
});

test('the emulator, testkit, bench and scripts import only built-ins, declared packages and each other (never src/ at run time)', () => {
  const declared = new Set([...Object.keys(pkg.dependencies), ...Object.keys(pkg.devDependencies)]);
  const tools = ['emulator', 'testkit', 'bench', 'scripts'].flatMap(sources).map(importsOf).flat();
  expect(offenders(tools, (i) => i.bare && !isBuiltin(i.target) && !declared.has(packageOf(i.target)))).toEqual([]);
  expect(offenders(tools.filter(under('emulator/')), (i) => !i.bare && !i.target.startsWith('emulator/'))).toEqual([]);
});
