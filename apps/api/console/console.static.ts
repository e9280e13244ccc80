import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, join, relative, resolve, sep } from 'node:path';

/** Paths the console never answers: the api's, and the operations endpoints of DESIGN.md. */
const NOT_CONSOLE = ['/api', '/health', '/metrics'];

/**
 * Where `vite build` puts the console: `dist/web`, beside `dist/apps` when running the build
 * (this file is dist/apps/api/console/…), or under the repository's `dist/` when the api runs
 * from source (tests).
 */
export function consoleDirectory(): string {
  const up = join(__dirname, '..', '..', '..');
  return basename(up) === 'dist' ? join(up, 'web') : join(up, 'dist', 'web');
}

/**
 * Serves the web console at `/`: hashed assets cached for a year, everything else revalidated,
 * and every other GET outside the api falls back to `index.html` (the console routes in the
 * browser). Without a build the api still starts, and the fallback says how to build.
 *
 * One catch-all GET (HEAD) route, which only the paths no api route matched reach; an api path
 * among them goes on to the api's 404 without looking at the disk.
 */
export async function serveConsole(fastify: FastifyInstance, dir = consoleDirectory()): Promise<void> {
  const root = resolve(dir);
  await fastify.register(async (scope) => {
    await scope.register(fastifyStatic, { root, serve: false });
    scope.get('/*', async (request, reply) => {
      const path = pathOf(request);
      if (path === null || !isConsolePath(path)) return reply.callNotFound();
      const file = await consoleFile(root, path);
      if (file !== null) {
        reply.header('cache-control', file.startsWith(`assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
        return reply.sendFile(file, root, { cacheControl: false });
      }
      return index(root, reply);
    });
  });
}

function index(root: string, reply: FastifyReply): FastifyReply {
  reply.header('cache-control', 'no-cache');
  if (existsSync(join(root, 'index.html'))) return reply.sendFile('index.html', root, { cacheControl: false });
  return reply.type('text/html; charset=utf-8').send(NOT_BUILT);
}

/** The request's path, decoded; null when it cannot be. */
function pathOf(request: FastifyRequest): string | null {
  const raw = request.url.split('?', 1)[0];
  try {
    return decodeURIComponent(raw);
  } catch {
    return null;
  }
}

function isConsolePath(path: string): boolean {
  return !NOT_CONSOLE.some((p) => path === p || path.startsWith(`${p}/`));
}

/** The file under `root` the path names (relative to root), or null: none, a directory, a dotfile or outside root. */
async function consoleFile(root: string, path: string): Promise<string | null> {
  const target = resolve(root, `.${path}`);
  if (!target.startsWith(`${root}${sep}`)) return null;
  const name = relative(root, target);
  if (name.split(sep).some((part) => part.startsWith('.'))) return null;
  const info = await stat(target).catch(() => null);
  return info?.isFile() ? name : null;
}

const NOT_BUILT = `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>督办</title>
<p>督办控制台尚未构建：请运行 <code>npm run build</code>。接口位于 <a href="/api/docs">/api/docs</a>。</p></html>`;
