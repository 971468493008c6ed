/**
 * Summarises V8 .cpuprofile files (node --cpu-prof): self time by function and by source area of
 * the bundle (webpack module path found in the function's url/line is not available, so areas are
 * guessed from function names and urls), plus idle and GC. Usage: node bench/lib/cpuprofile.ts FILE…
 */
import { readFileSync } from 'node:fs';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

for (const file of process.argv.slice(2)) {
  const p = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<number, number>();
  p.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (p.timeDeltas[i] ?? 0)));
  const fn = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let total = 0;
  for (const [id, us] of self) {
    total += us;
    const n = byId.get(id) as Node;
    const key = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.replace(/.*\//, '')}:${n.callFrame.lineNumber + 1}`;
    fn.set(key, (fn.get(key) ?? 0) + us);
    // Inclusive time per frame (counted once per sample even if recursive).
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const m = byId.get(cur) as Node;
      const k = `${m.callFrame.functionName || '(anon)'} ${m.callFrame.url.replace(/.*\//, '')}:${m.callFrame.lineNumber + 1}`;
      if (seen.has(k)) continue;
      seen.add(k);
      inclusive.set(k, (inclusive.get(k) ?? 0) + us);
    }
  }
  const ms = (us: number): string => `${(us / 1000).toFixed(1)} ms`;
  console.log(`\n${file}: ${ms(p.endTime - p.startTime)} profiled, ${ms(total)} sampled`);
  console.log('  top self:');
  for (const [k, us] of [...fn].sort((a, b) => b[1] - a[1]).slice(0, 30))
    console.log(`    ${ms(us).padStart(10)}  ${k}`);
  console.log('  top inclusive:');
  for (const [k, us] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, 45))
    console.log(`    ${ms(us).padStart(10)}  ${k}`);
}
