import type { INestApplication } from '@nestjs/common';
import { json, urlencoded } from 'express';
import type { NextFunction, Request, Response } from 'express';
import { reasonPhrase } from './exception.filter';

/**
 * JSON body parsing whose failures answer in Duban's error shape (express would answer
 * HTML): broken JSON is 400, an oversized body 413.
 */
export function useJsonBodies(app: INestApplication, limit = '1mb'): void {
  const parsers = [json({ limit }), urlencoded({ extended: false, limit })];
  for (const parse of parsers) {
    app.use((req: Request, res: Response, next: NextFunction) =>
      parse(req, res, (err?: { status?: number; type?: string }) => {
        if (!err) return next();
        const statusCode = err.status === 413 ? 413 : 400;
        const message = statusCode === 413 ? `body is larger than ${limit}` : 'body is not valid JSON';
        res.status(statusCode).json({ statusCode, error: reasonPhrase(statusCode), message });
      }),
    );
  }
}
