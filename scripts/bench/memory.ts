/** Peak resident memory while a phase runs: process.memoryUsage.rss() sampled every 20 ms (often enough for a phase of seconds, rarely enough not to slow it). */

export interface MemoryPeak {
  startMb: number;
  peakMb: number;
  /** process.resourceUsage().maxRSS at the end (the whole process so far, servers included). */
  maxRssMb: number;
}

const mb = (b: number) => Math.round((b / 1024 / 1024) * 10) / 10;

/** Samples until the returned stop() is called. */
export function sampleMemory(everyMs = 20): () => MemoryPeak {
  const start = process.memoryUsage.rss();
  let peak = start;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, everyMs);
  return () => {
    clearInterval(timer);
    peak = Math.max(peak, process.memoryUsage.rss());
    return { startMb: mb(start), peakMb: mb(peak), maxRssMb: mb(process.resourceUsage().maxRSS * 1024) };
  };
}
