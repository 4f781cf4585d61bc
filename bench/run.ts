// `npm run bench` runs every benchmark; `npm run bench -- NAME [NAME…]` runs the named ones.
// Each benchmark prints human lines, then the runner prints ONE JSON line per benchmark:
// {"bench":NAME,"value":…,"unit":…,"baseline":…,"baseline_value":…,"ratio":…, …extra figures}
import { BENCHMARKS } from './benchmarks.ts';

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const unknown = wanted.filter((n) => !BENCHMARKS.some((b) => b.name === n));
if (unknown.length) {
  console.error(`unknown benchmark(s): ${unknown.join(', ')}; available: ${BENCHMARKS.map((b) => b.name).join(', ')}`);
  process.exit(2);
}
const selected = wanted.length ? BENCHMARKS.filter((b) => wanted.includes(b.name)) : BENCHMARKS;
for (const bench of selected) {
  console.log(`== ${bench.name}`);
  const r = await bench.run();
  console.log(
    JSON.stringify({ bench: bench.name, value: r.value, unit: r.unit, baseline: r.baseline, baseline_value: r.baseline_value, ratio: r.ratio, ...r.extra }),
  );
}
