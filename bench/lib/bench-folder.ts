import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const folders: string[] = [];
// `npm run bench` ends with process.exit(), after which only synchronous work runs. Removing
// the folders on exit also covers a benchmark that throws before it could clean up.
process.once('exit', () => folders.forEach((folder) => rmSync(folder, { recursive: true, force: true })));

/** A fresh temporary folder that is removed when the benchmark process exits. */
export function benchFolder(prefix: string): string {
  const folder = mkdtempSync(join(tmpdir(), prefix));
  folders.push(folder);
  return folder;
}
