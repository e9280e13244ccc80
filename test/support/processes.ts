import { ChildProcess, spawn } from 'node:child_process';
import { join, resolve } from 'node:path';

/** Running the built processes as an operator does (`npm test` builds first). */
export const ROOT = resolve(__dirname, '..', '..');
export const BUILT = {
  api: join(ROOT, 'dist/apps/api/main.js'),
  scheduler: join(ROOT, 'dist/apps/scheduler/main.js'),
  worker: join(ROOT, 'dist/apps/worker/main.js'),
  cli: join(ROOT, 'dist/apps/cli/main.js'),
};

export interface Spawned {
  name: string;
  child: ChildProcess;
  output: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function start(name: string, file: string, env: NodeJS.ProcessEnv, args: string[] = []): Spawned {
  const child = spawn(process.execPath, [file, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    err += chunk.toString();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => child.once('exit', (code, signal) => done({ code, signal })));
  return { name, child, output: () => out, stderr: () => err, exited };
}

/** A port nobody listens on right now (shared with the bench). */
export { freePort } from '../../apps/bench/bench.support';

export function exitWithin(p: Spawned, ms: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return Promise.race([p.exited, new Promise<never>((_, fail) => setTimeout(() => fail(new Error(`${p.name} did not exit within ${ms} ms\n${p.output()}`)), ms).unref())]);
}
