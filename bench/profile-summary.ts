/**
 * Summarises a V8 `.cpuprofile` (from `npm run bench -- --profile-dir DIR`, or `node --cpu-prof`):
 * the functions with the most self time, and the project functions with the most total time (self
 * plus callees). Run: npx tsx bench/profile-summary.ts FILE.cpuprofile [top=25]
 */
import { readFileSync } from 'node:fs';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

function label(frame: CallFrame): string {
  const file = frame.url.replace(/^file:\/\//, '').replace(/^.*\/(node_modules|src|bench)\//, '$1/');
  const name = frame.functionName === '' ? '(anonymous)' : frame.functionName;
  return file === '' ? name : `${name} ${file}:${frame.lineNumber + 1}`;
}

function main(): void {
  const [file, topArg] = process.argv.slice(2);
  if (file === undefined) throw new Error('usage: tsx bench/profile-summary.ts FILE.cpuprofile [top]');
  const top = Number(topArg ?? 25);
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const totalUs = profile.endTime - profile.startTime;
  const idleLabels = new Set(['(idle)', '(program)', '(garbage collector)']);

  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const node = byId.get(id);
    if (!node) continue;
    const name = label(node.callFrame);
    self.set(name, (self.get(name) ?? 0) + us);
    // Each ancestor label counts once per sample path, so recursion is not double counted.
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at)?.callFrame;
      if (!frame) break;
      const l = label(frame);
      if (seen.has(l)) continue;
      seen.add(l);
      inclusive.set(l, (inclusive.get(l) ?? 0) + us);
    }
  }
  const busyUs = [...self.entries()].filter(([l]) => !idleLabels.has(l)).reduce((a, [, us]) => a + us, 0);
  const pct = (us: number) => `${((us / busyUs) * 100).toFixed(1).padStart(5)}%`;
  const ms = (us: number) => `${(us / 1000).toFixed(0).padStart(7)} ms`;
  console.log(
    `${file}: ${(totalUs / 1e6).toFixed(1)} s profiled, ${(busyUs / 1e6).toFixed(1)} s busy (not idle); % of busy time`,
  );
  for (const name of idleLabels) console.log(`  ${name}: ${ms(self.get(name) ?? 0)}`);
  console.log(`\ntop ${top} by self time:`);
  for (const [name, us] of [...self.entries()]
    .filter(([l]) => !idleLabels.has(l))
    .sort((a, b) => b[1] - a[1])
    .slice(0, top))
    console.log(`${pct(us)} ${ms(us)}  ${name}`);
  // PROFILE_ALL=1 lists every function by total time, not only the project's.
  const everything = process.env.PROFILE_ALL === '1';
  console.log(`\ntop ${top} ${everything ? 'functions' : 'project functions (src/)'} by total time:`);
  for (const [name, us] of [...inclusive.entries()]
    .filter(([l]) => everything || l.includes(' src/'))
    .sort((a, b) => b[1] - a[1])
    .slice(0, top))
    console.log(`${pct(us)} ${ms(us)}  ${name}`);
}

main();
