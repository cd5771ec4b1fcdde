// Runs a wsis-hub server for one test file, on a throwaway SQLite database.
//
// The harness builds nothing: it runs the binary named by WSIS_HUB_BIN, or
// else CARGO_TARGET_DIR/debug/wsis-hub, or else target/debug/wsis-hub at the
// repository root. Each hub gets its own temporary folder, which is deleted
// with the server when the test file ends (or the process exits).

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (the folder above `browser/`). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** How long the server may take to print its address and answer /healthz. */
const START_TIMEOUT_MS = 60_000;

/** The wsis-hub binary to test, which must exist. */
export function hubBinary() {
  let bin = process.env.WSIS_HUB_BIN;
  if (!bin) {
    const target = process.env.CARGO_TARGET_DIR || 'target';
    bin = path.join(path.resolve(repoRoot, target), 'debug', 'wsis-hub');
  }
  bin = path.resolve(repoRoot, bin);
  if (!existsSync(bin)) {
    throw new Error(
      `no wsis-hub binary at ${bin}: build it with \`cargo build -p wsis-hub\` ` +
        'or name it in WSIS_HUB_BIN',
    );
  }
  return bin;
}

/**
 * Runs one CLI command to its end and returns its output. `stdin` is written
 * to the command's standard input (then closed). Rejects with the command's
 * stderr when it exits non-zero.
 */
export function runCli(bin, args, { stdin = '', env = {} } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, {
      env: { ...process.env, ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) {
        resolve({ stdout, stderr });
      } else {
        const how = signal ? `signal ${signal}` : `status ${code}`;
        reject(new Error(`wsis-hub ${args.join(' ')} ended with ${how}:\n${stderr}${stdout}`));
      }
    });
    child.stdin.on('error', () => {}); // a command that reads no input may close it early
    child.stdin.end(stdin);
  });
}

/** Resolves with `url` once GET url answers 200, or rejects at `deadline`. */
async function waitHealthy(url, deadline, exited) {
  for (;;) {
    if (exited()) throw new Error('wsis-hub serve exited before it answered /healthz');
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer 200 in time`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Starts `wsis-hub serve` on a free loopback port, on a new SQLite database
 * in a temporary folder. `setup(cli)` runs before the server starts, with
 * `cli(args, options)` running a CLI command against the same database.
 * Returns `{ url, database, dir, cli, stop, log }`; `url` has no trailing
 * slash. Always call `stop()` (it is safe to call twice).
 */
export async function startHub({ demo = true, setup } = {}) {
  const bin = hubBinary();
  const dir = mkdtempSync(path.join(tmpdir(), 'wsis-hub-browser-'));
  const database = `sqlite://${path.join(dir, 'hub.db')}`;
  const env = { WSIS_HUB_LOG: process.env.WSIS_HUB_LOG || 'warn' };
  const cli = (args, options = {}) =>
    runCli(bin, ['--database', database, ...args], { ...options, env: { ...env, ...options.env } });

  let child;
  let log = '';
  let exited = false;
  const kill = () => {
    if (child && !exited) child.kill('SIGKILL');
  };
  process.on('exit', kill);

  const stop = async () => {
    process.off('exit', kill);
    if (child && !exited) {
      const gone = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await gone;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    if (setup) await setup(cli);
    const args = ['--database', database, 'serve', '--addr', '127.0.0.1:0'];
    if (demo) args.push('--demo');
    child = spawn(bin, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    child.on('exit', () => (exited = true));
    child.stderr.setEncoding('utf8').on('data', (d) => (log += d));

    // `serve` prints "wsis-hub is running at http://ADDR/ ..." once bound.
    const url = await new Promise((resolve, reject) => {
      let out = '';
      const timer = setTimeout(
        () => reject(new Error(`wsis-hub serve printed no address in time:\n${log}${out}`)),
        START_TIMEOUT_MS,
      );
      child.stdout.setEncoding('utf8').on('data', (d) => {
        out += d;
        const m = /running at (http:\/\/[^\s/]+)\//.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      });
      child.on('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`wsis-hub serve exited (${code ?? signal}) before it was ready:\n${log}${out}`));
      });
      child.on('error', reject);
    });
    await waitHealthy(`${url}/healthz`, Date.now() + START_TIMEOUT_MS, () => exited);
    return { url, database, dir, cli, stop, log: () => log };
  } catch (e) {
    await stop();
    throw e;
  }
}
