import type { INestApplication } from '@nestjs/common';
import compression from 'compression';

/**
 * gzip (or deflate) for what the client accepts: the console's scripts and styles, index.html and
 * the api's JSON. Answers under 1 KiB go as they are; xlsx and images are already compressed
 * (compressible's list leaves them alone). Registered after the security headers, which it keeps.
 */
export function useCompression(app: INestApplication): void {
  app.use(compression({ threshold: 1024 }));
}
