import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ApiModule } from './api.module';
import { apiDocument, apiHttpAdapter, useApiPrefix } from './api.app';

/*
 * Prints the api's OpenAPI document as JSON, from the app's modules in preview mode: nothing
 * is connected, nothing listens. `npm run api:schema` turns it into the console's client types.
 * Run from the build (`node dist/apps/api/openapi.js`): the Swagger CLI plugin's metadata exists there only.
 */
async function main(): Promise<void> {
  const app = await NestFactory.create<NestFastifyApplication>(ApiModule, apiHttpAdapter(), { preview: true, logger: false, bodyParser: false });
  // Routes only: in preview mode no provider (the configuration among them) exists.
  useApiPrefix(app);
  process.stdout.write(`${JSON.stringify(apiDocument(app), null, 2)}\n`);
}

main().catch((error) => {
  process.stderr.write(`openapi: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
