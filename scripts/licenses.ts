/**
 * dist/licenses.txt: the license of every package version bundled into dist/, read from ncc's
 * webpack stats (`ncc build --stats-out`).
 *
 * ncc's own `--license` keys licenses by package name, so when the bundle holds two versions of
 * one package (minimatch 3 and 10, brace-expansion 1 and 2, ...) it writes one of them, and
 * which one depends on the order webpack happened to build modules in: the same commit gave
 * different files on different machines. Here every version is listed, sorted, so a fresh
 * build is byte for byte the same anywhere and no bundled copyright notice is left out.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface PackageLicense {
  readonly name: string;
  readonly version: string;
  /** The package.json `license` field, or `UNKNOWN`. */
  readonly type: string;
  /** The package's own license file, or undefined when it ships none. */
  readonly text: string | undefined;
}

interface StatsModule {
  readonly identifier?: string;
  readonly modules?: readonly StatsModule[];
}

interface Stats {
  readonly modules?: readonly StatsModule[];
  readonly children?: readonly Stats[];
}

/**
 * The file a webpack module identifier names: loaders come before the last `!`, and a
 * concatenated module's identifier ends in `|hash`; a `type|` prefix may come first.
 */
export function modulePath(identifier: string): string {
  const resource = identifier.slice(identifier.lastIndexOf('!') + 1);
  return resource.split('|').find((part) => part.startsWith('/')) ?? resource;
}

/** The directory of the package a bundled file belongs to, or undefined for the project's own files. */
export function packageRoot(file: string): string | undefined {
  const match = /^(.*\/node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(file);
  return match?.[1];
}

/** Every package directory a stats file's modules (nested and concatenated ones included) come from. */
export function bundledPackageRoots(stats: Stats): Set<string> {
  const roots = new Set<string>();
  const visit = (modules: readonly StatsModule[] | undefined): void => {
    for (const module of modules ?? []) {
      visit(module.modules);
      const root = module.identifier === undefined ? undefined : packageRoot(modulePath(module.identifier));
      if (root !== undefined) roots.add(root);
    }
  };
  visit(stats.modules);
  for (const child of stats.children ?? []) for (const root of bundledPackageRoots(child)) roots.add(root);
  return roots;
}

/** The same rule as ncc's: the first file (by name) whose name starts with `licence` or `license`. */
function licenseText(root: string): string | undefined {
  const file = readdirSync(root)
    .sort()
    .find((name) => /^licen[cs]e/i.test(name) && statSync(join(root, name)).isFile());
  return file === undefined ? undefined : readFileSync(join(root, file), 'utf8').replace(/\r\n/g, '\n');
}

function readPackage(root: string): PackageLicense {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    name: string;
    version: string;
    license?: string | { type?: string };
  };
  const type = typeof manifest.license === 'string' ? manifest.license : (manifest.license?.type ?? 'UNKNOWN');
  return { name: manifest.name, version: manifest.version, type, text: licenseText(root) };
}

/** One section per package version, sorted by name then version; two copies of one version once. */
export function renderLicenses(packages: readonly PackageLicense[]): string {
  const unique = new Map(packages.map((pkg) => [`${pkg.name}@${pkg.version}`, pkg]));
  const sorted = [...unique.values()].sort((a, b) => compare(a.name, b.name) || compareVersions(a.version, b.version));
  return sorted
    .map((pkg) =>
      [`${pkg.name}@${pkg.version}`, pkg.type, (pkg.text ?? '(the package ships no license file)').trimEnd()].join(
        '\n',
      ),
    )
    .join('\n\n')
    .concat('\n');
}

/** Code-point order, not the locale's, so the file is the same whatever the machine's locale. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `1.10.0` after `1.9.0`: numeric parts by number, others by code point. */
export function compareVersions(a: string, b: string): number {
  const left = a.split(/[.+-]/);
  const right = b.split(/[.+-]/);
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const x = left[i] ?? '';
    const y = right[i] ?? '';
    const order = /^\d+$/.test(x) && /^\d+$/.test(y) ? Number(x) - Number(y) : compare(x, y);
    if (order !== 0) return Math.sign(order);
  }
  return 0;
}

/** Writes the licenses of every package the given stats files' bundles hold. */
export function writeLicenses(outFile: string, statsFiles: readonly string[]): void {
  const roots = new Set<string>();
  for (const file of statsFiles) {
    for (const root of bundledPackageRoots(JSON.parse(readFileSync(file, 'utf8')) as Stats)) roots.add(root);
  }
  writeFileSync(outFile, renderLicenses([...roots].map(readPackage)));
}
