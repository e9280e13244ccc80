import type { INestApplication } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { Metrics } from '@duban/platform';

/**
 * Times every request by its route pattern (`/api/v1/tasks/:id`, not each id) and status; a
 * request no route matched counts as `unmatched`, so a scan cannot grow the label set.
 */
export function useHttpMetrics(app: INestApplication): void {
  const histogram = app.get(Metrics).httpDuration;
  app.use((req: Request, res: Response, next: NextFunction) => {
    const end = histogram.startTimer();
    res.once('finish', () => {
      const route = req.route?.path ? `${req.baseUrl}${String(req.route.path)}` : 'unmatched';
      end({ method: req.method, route, status: String(res.statusCode) });
    });
    next();
  });
}
