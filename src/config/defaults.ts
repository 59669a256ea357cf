/** Defaults read both by the validated configuration and by `main.ts` before it is loaded. */
export const DEFAULT_DATA_DIR = './data';
