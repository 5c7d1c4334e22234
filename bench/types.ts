/** One figure a benchmark reports; `npm run bench` prints these. */
export type BenchLine = { name: string; value: number; unit: string; note?: string };
