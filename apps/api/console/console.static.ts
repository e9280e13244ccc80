import type { INestApplication } from '@nestjs/common';
import express, { NextFunction, Request, Response } from 'express';
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';

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
 */
export function serveConsole(app: INestApplication, dir = consoleDirectory()): void {
  const files = express.static(dir, {
    index: false,
    setHeaders: (res, path) => {
      res.setHeader('cache-control', /[\\/]assets[\\/]/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  // The api's requests never look at the disk (a stat per request, otherwise).
  app.use(function consoleFiles(req: Request, res: Response, next: NextFunction) {
    return isConsoleRequest(req) ? files(req, res, next) : next();
  });
  app.use(function consoleFallback(req: Request, res: Response, next: NextFunction) {
    if (!isConsoleRequest(req)) return next();
    res.setHeader('cache-control', 'no-cache');
    const index = join(dir, 'index.html');
    if (existsSync(index)) return res.sendFile(index);
    res.type('html').send(NOT_BUILT);
  });
}

function isConsoleRequest(req: Request): boolean {
  return (req.method === 'GET' || req.method === 'HEAD') && !NOT_CONSOLE.some((p) => req.path === p || req.path.startsWith(`${p}/`));
}

const NOT_BUILT = `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>督办</title>
<p>督办控制台尚未构建：请运行 <code>npm run build</code>。接口位于 <a href="/api/docs">/api/docs</a>。</p></html>`;
