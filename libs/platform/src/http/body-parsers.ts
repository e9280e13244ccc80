import type { INestApplication } from '@nestjs/common';
import { json } from 'express';
import type { NextFunction, Request, Response } from 'express';
import { reasonPhrase } from './exception.filter';

/**
 * JSON body parsing whose failures answer in Duban's error shape (express would answer
 * HTML): broken JSON is 400, an oversized body 413. `multipart` lists the routes
 * (`POST /api/v1/imports`) that also take multipart/form-data, which their own interceptor
 * reads; every other route refuses it like any body that is not JSON.
 */
export function useJsonBodies(app: INestApplication, limit = '1mb', multipart: readonly string[] = []): void {
  // Keys that name an object's machinery are never fields; refusing them here keeps them away
  // from every later step (class-transformer would skip them silently).
  const reviver = (key: string, value: unknown) => {
    if (FORBIDDEN_KEYS.has(key)) throw new ForbiddenKeyError(key);
    return value;
  };
  // JSON in and out: a body of any other type is refused (415) before it is read.
  app.use((req: Request, res: Response, next: NextFunction) => {
    const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
    const type = req.headers['content-type'] ?? '';
    if (!hasBody || /^application\/(.+\+)?json\b/i.test(type)) return next();
    const formRoute = multipart.includes(`${req.method} ${req.path.replace(/\/+$/, '')}`);
    if (formRoute && /^multipart\/form-data\b/i.test(type)) return next();
    res.status(415).json({
      statusCode: 415,
      error: reasonPhrase(415),
      message: formRoute ? 'content-type must be application/json or multipart/form-data' : 'content-type must be application/json',
    });
  });
  const parsers = [json({ limit, reviver })];
  for (const parse of parsers) {
    app.use((req: Request, res: Response, next: NextFunction) =>
      parse(req, res, (err?: { status?: number; type?: string; message?: string }) => {
        if (!err) return next();
        const statusCode = err.status === 413 ? 413 : 400;
        const forbidden = /^forbidden key (.+)$/.exec(err.message ?? '');
        const message = statusCode === 413 ? `body is larger than ${limit}` : forbidden ? `property ${forbidden[1]} should not exist` : 'body is not valid JSON';
        res.status(statusCode).json({ statusCode, error: reasonPhrase(statusCode), message });
      }),
    );
  }
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'isPrototypeOf', 'propertyIsEnumerable', 'toString', 'toLocaleString', 'valueOf']);

class ForbiddenKeyError extends SyntaxError {
  constructor(key: string) {
    super(`forbidden key ${key}`);
  }
}
