/** autocannon ships no types; only what the benchmarks use. */
declare module 'autocannon' {
  interface Histogram {
    average: number;
    total: number;
    p50: number;
    p90: number;
    p99: number;
    max: number;
  }
  interface Result {
    requests: Histogram;
    latency: Histogram;
    non2xx: number;
    errors: number;
  }
  function autocannon(options: { url: string; headers?: Record<string, string>; duration: number; connections: number }): Promise<Result>;
  export default autocannon;
}
