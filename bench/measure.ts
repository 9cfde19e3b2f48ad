// Small measuring helpers shared by the benchmarks: CPU time, wall time and peak heap of a
// phase, sampled in-process so a baseline and the measured code run side by side.
import { performance } from 'node:perf_hooks';

export interface Measurement {
  label: string;
  wallMs: number;
  cpuMs: number;
  peakHeapMb: number;
  peakRssMb: number;
}

const gc = (globalThis as { gc?: () => void }).gc;

export async function measure<T>(label: string, fn: () => Promise<T>): Promise<{ result: T; m: Measurement }> {
  gc?.();
  const heapStart = process.memoryUsage().heapUsed;
  let peakHeap = heapStart;
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    const usage = process.memoryUsage();
    peakHeap = Math.max(peakHeap, usage.heapUsed);
    peakRss = Math.max(peakRss, usage.rss);
  }, 5);
  const cpuStart = process.cpuUsage();
  const wallStart = performance.now();
  const result = await fn();
  const wallMs = performance.now() - wallStart;
  const cpu = process.cpuUsage(cpuStart);
  clearInterval(sampler);
  const end = process.memoryUsage();
  peakHeap = Math.max(peakHeap, end.heapUsed);
  peakRss = Math.max(peakRss, end.rss);
  return {
    result,
    m: {
      label,
      wallMs,
      cpuMs: (cpu.user + cpu.system) / 1000,
      peakHeapMb: (peakHeap - heapStart) / 1048576,
      peakRssMb: peakRss / 1048576,
    },
  };
}

/** The median of each figure over several rounds of one phase (peak RSS: the highest seen). */
export function medianOf(rounds: Measurement[]): Measurement {
  return {
    label: rounds[0]!.label,
    wallMs: median(rounds.map((r) => r.wallMs)),
    cpuMs: median(rounds.map((r) => r.cpuMs)),
    peakHeapMb: median(rounds.map((r) => r.peakHeapMb)),
    peakRssMb: Math.max(...rounds.map((r) => r.peakRssMb)),
  };
}

export function printTable(rows: Measurement[], baseline: Measurement): void {
  console.log('| phase | wall ms | CPU ms | CPU × baseline | peak heap growth MB | peak RSS MB |');
  console.log('|---|---|---|---|---|---|');
  for (const r of rows) {
    console.log(
      `| ${r.label} | ${r.wallMs.toFixed(0)} | ${r.cpuMs.toFixed(0)} | ${(r.cpuMs / baseline.cpuMs).toFixed(2)} | ${r.peakHeapMb.toFixed(1)} | ${r.peakRssMb.toFixed(0)} |`,
    );
  }
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
