/**
 * Headless Chromium (Debian's package) turning a local HTML file into a PNG.
 * Its own temporary profile, no network beyond the file, removed afterwards.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export async function screenshot(htmlFile: string, pngFile: string, width: number, height: number, timeoutMs = 60_000): Promise<void> {
  const profile = mkdtempSync(join(tmpdir(), 'raftkv-chromium-'));
  try {
    const child = spawn('chromium', [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-extensions', '--no-first-run',
      '--hide-scrollbars', `--user-data-dir=${profile}`, `--window-size=${width},${height}`, `--screenshot=${pngFile}`, `file://${htmlFile}`,
    ], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (b: Buffer) => (stderr += b.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
    clearTimeout(timer);
    if (code !== 0) throw new Error(`chromium exited ${code}: ${stderr.slice(-2000)}`);
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}
