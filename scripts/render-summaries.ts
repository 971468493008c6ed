/**
 * Renders the job summary of every mode as a user sees it on GitHub, for review by eye:
 * runs the bundle (dist/) against the local GitHub emulator — two matrix jobs store, one job collects
 * and publishes, a second run publishes and applies retention, an older run skips Latest, cleanup
 * removes leftovers — then turns each GITHUB_STEP_SUMMARY into HTML (marked, GitHub-like styles)
 * and, when Chromium is installed, into a PNG.
 *
 *   node scripts/render-summaries.ts [out-dir]      (default .build/summaries)
 *
 * Not run by CI: Chromium is not on CI machines. `npm run build` first if src/ changed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { marked } from 'marked';
import { createWorld, type World } from '../testkit/world.ts';
import { ROOT } from '../testkit/action-runner.ts';

const OUT = resolve(process.argv[2] ?? join(ROOT, '.build', 'summaries'));

/** Close enough to github.com's markdown body to judge layout, widths and wrapping. */
const CSS = `
body { font: 14px/1.5 -apple-system, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif; color: #1f2328; margin: 0; background: #f6f8fa; }
main { background: #fff; border: 1px solid #d1d9e0; border-radius: 6px; margin: 16px; padding: 16px 24px; max-width: 920px; }
h3 { font-size: 1.25em; margin: 8px 0 16px; } h4 { font-size: 1em; margin: 24px 0 8px; }
a { color: #0969da; text-decoration: none; }
table { border-collapse: collapse; margin: 8px 0 16px; display: block; overflow: auto; max-width: 100%; }
th, td { border: 1px solid #d1d9e0; padding: 6px 13px; } th { font-weight: 600; } tr:nth-child(2n) { background: #f6f8fa; }
code { font: 12px ui-monospace, SFMono-Regular, Menlo, monospace; background: rgba(129,139,152,.12); padding: .2em .4em; border-radius: 6px; }
details { margin: 8px 0; } summary { cursor: pointer; }
.label { font: 12px ui-monospace, monospace; color: #59636e; margin: 16px 16px 0; }`;

function html(title: string, markdown: string): string {
  return (
    `<!doctype html><meta charset="utf-8"><title>${title}</title><style>${CSS}</style>` +
    `<div class="label">${title}</div><main>${marked.parse(markdown, { async: false, gfm: true })}</main>`
  );
}

function chromium(): string | undefined {
  for (const name of ['chromium', 'chromium-browser', 'google-chrome']) {
    const found = spawnSync('which', [name], { encoding: 'utf8' });
    if (found.status === 0) return found.stdout.trim();
  }
  return undefined;
}

function screenshot(browser: string, htmlPath: string, pngPath: string): void {
  const args = [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--hide-scrollbars',
    `--screenshot=${pngPath}`,
    '--window-size=1000,800',
    `file://${htmlPath}`,
  ];
  const result = spawnSync(browser, args, { encoding: 'utf8', timeout: 60_000 });
  if (result.status !== 0) console.warn(`chromium failed for ${htmlPath}: ${result.stderr.slice(-400)}`);
}

/** The scenario: each step's name and the summary it wrote. */
async function scenario(world: World): Promise<[string, string][]> {
  const summaries: [string, string][] = [];
  const keep = (name: string, result: { summary: string; exitCode: number | null; errors: string[] }): void => {
    if (result.exitCode !== 0) console.warn(`${name} exited ${result.exitCode}: ${result.errors.join(' / ')}`);
    summaries.push([name, result.summary]);
  };
  const big = Buffer.alloc(3 * 1024 * 1024 + 123_456, 7);
  const run1 = world.startRun({ branch: 'main' });
  const linux = await world.workspace({
    'dist/app-linux-x64.tar.gz': big,
    'dist/app-linux-x64.tar.gz.sig': 'signature',
  });
  const windows = await world.workspace({
    'dist/app-windows-x64.zip': Buffer.alloc(5_432_100, 1),
    'dist/README (windows).txt': 'read me',
  });
  const store = { mode: 'store', path: 'dist/*', backend: 'releases' };
  keep('store', await world.act(run1, store, { workspace: linux, jobId: 101, runnerName: 'runner-linux' }));
  await world.act(run1, store, { workspace: windows, jobId: 102, runnerName: 'runner-windows' });
  const publisher = await world.workspace({});
  keep(
    'collect',
    await world.act(
      run1,
      { mode: 'collect', path: 'collected', backend: 'releases' },
      { workspace: publisher, jobId: 103 },
    ),
  );
  keep(
    'publish',
    await world.act(
      run1,
      { mode: 'publish', path: 'collected', 'numbered-keep-count': '1' },
      { workspace: publisher, jobId: 103 },
    ),
  );
  run1.update({ status: 'completed', conclusion: 'success' });

  // An older run still publishing while a newer one is queued: Latest is skipped, Numbered published.
  const run2 = world.startRun({ branch: 'feature/login' });
  world.startRun({ branch: 'feature/login', status: 'queued' });
  const ws2 = await world.workspace({ 'out/app.zip': 'feature build' });
  keep('publish-skip', await world.act(run2, { mode: 'publish', path: 'out' }, { workspace: ws2, jobId: 201 }));

  // The next main run publishes; retention (keep 1) removes run 1's Numbered release.
  const run3 = world.startRun({ branch: 'main' });
  const ws3 = await world.workspace({ 'out/app-linux-x64.tar.gz': 'next build' });
  keep(
    'publish-retention',
    await world.act(run3, { mode: 'publish', path: 'out', 'numbered-keep-count': '1' }, { workspace: ws3, jobId: 301 }),
  );
  keep(
    'publish-dry-run',
    await world.act(run3, { mode: 'publish', path: 'out', 'dry-run': 'true' }, { workspace: ws3, jobId: 301 }),
  );

  // A run whose job failed after storing: cleanup removes its stored draft.
  const run4 = world.startRun({ branch: 'main' });
  const ws4 = await world.workspace({ 'dist/app.bin': 'partial' });
  await world.act(run4, store, { workspace: ws4, jobId: 401, runnerName: 'runner-linux' });
  run4.update({ status: 'completed', conclusion: 'failure' });
  const run5 = world.startRun({ branch: 'main' });
  keep('cleanup', await world.act(run5, { mode: 'cleanup', backend: 'releases' }, { workspace: ws4, jobId: 501 }));
  return summaries;
}

async function main(): Promise<void> {
  await mkdir(OUT, { recursive: true });
  const world = await createWorld();
  let summaries: [string, string][];
  try {
    summaries = await scenario(world);
  } finally {
    await world.close();
  }
  const browser = chromium();
  if (!browser) console.warn('Chromium not found: writing markdown and HTML only (apt-get install chromium).');
  for (const [name, markdown] of summaries) {
    await writeFile(join(OUT, `${name}.md`), markdown);
    const htmlPath = join(OUT, `${name}.html`);
    await writeFile(htmlPath, html(name, markdown));
    if (browser) screenshot(browser, htmlPath, join(OUT, `${name}.png`));
    console.log(`${name}: ${join(OUT, `${name}.${browser && existsSync(join(OUT, `${name}.png`)) ? 'png' : 'html'}`)}`);
  }
}

await main();
