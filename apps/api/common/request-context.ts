import type { INestApplication } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { AppConfig } from '@duban/config';
import { RequestContext } from '@duban/core';

/**
 * Notes each request's client address for what records it (sign-in throttling, the audit log).
 * Behind a reverse proxy, DUBAN_TRUST_PROXY says whose X-Forwarded-For to believe.
 */
export function useRequestContext(app: INestApplication): void {
  const express = app.getHttpAdapter().getInstance();
  express.set('trust proxy', app.get(AppConfig).trustProxy);
  app.use((req: Request, _res: Response, next: NextFunction) => RequestContext.run({ address: req.ip ?? req.socket.remoteAddress ?? null }, next));
}
