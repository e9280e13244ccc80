import multipart from '@fastify/multipart';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { AppConfig, loadAppConfig } from '@duban/config';
import { Metrics, useJsonBodies } from '@duban/platform';
import { ApiModule } from './api.module';
import { useCompression } from './common/compression';
import { useHttpMetrics } from './common/http-metrics';
import { ReplicaRoutingInterceptor } from './common/replica-routing';
import { useRequestContext } from './common/request-context';
import { useSecurityHeaders } from './common/security-headers';
import { useTracedRoutes } from './common/traced-routes';
import { requestValidationPipe } from './common/validation';
import { serveConsole } from './console/console.static';
import { serveQueueDashboard } from './engine/queue-dashboard';

/** The api's HTTP server (Fastify), routing as Express did: any letter case, a trailing slash or not. */
export function apiHttpAdapter(trustProxy: AppConfig['trustProxy'] = false): FastifyAdapter {
  return new FastifyAdapter({
    trustProxy,
    bodyLimit: JSON_LIMIT_BYTES,
    // Node's own default, which the api had under Express; Fastify's is none.
    requestTimeout: 300_000,
    routerOptions: { caseSensitive: false, ignoreTrailingSlash: true, maxParamLength: 2048 },
  });
}

const JSON_LIMIT_BYTES = 1024 * 1024;

/**
 * Builds the api exactly as production runs it; tests use the same function. Ready to listen; it
 * answers on app.getHttpServer() once app.init() and Fastify's ready() have run (test/support/harness.ts).
 */
export async function createApiApp(): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(ApiModule, apiHttpAdapter(loadAppConfig().trustProxy), { bodyParser: false, bufferLogs: true });
  await configureApiApp(app);
  return app;
}

export async function configureApiApp(app: NestFastifyApplication): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  fastify.decorateRequest('user', undefined);
  useRequestContext(fastify);
  useTracedRoutes(fastify);
  useHttpMetrics(fastify, app.get(Metrics).httpDuration);
  await useSecurityHeaders(fastify);
  await useCompression(fastify);
  // The importer and evidence take an upload; every other route reads JSON only.
  useJsonBodies(fastify, JSON_LIMIT_BYTES, ['POST /api/v1/imports', 'POST /api/v1/files']);
  // Files over a route's limit are counted to their end and refused by name (MultipartFormInterceptor).
  await fastify.register(multipart, { throwFileSizeLimit: false });
  useApiPrefix(app);
  app.useGlobalPipes(requestValidationPipe());
  // Only with replicas: without any interceptor Nest calls each handler directly.
  if (app.get(AppConfig).replicas.urls.length > 0) app.useGlobalInterceptors(app.get(ReplicaRoutingInterceptor));
  // Off in production unless DUBAN_API_DOCS=1: the document maps every route for an attacker.
  if (app.get(AppConfig).apiDocs) SwaggerModule.setup('api/docs', app, apiDocument(app), { jsonDocumentUrl: 'api/docs-json' });
  await serveQueueDashboard(app, fastify);
  await serveConsole(fastify);
}

/** Every route under /api/v1 but /health and /metrics. */
export function useApiPrefix(app: NestFastifyApplication): void {
  app.setGlobalPrefix('api/v1', { exclude: ['health', 'metrics'] });
}

/** The OpenAPI document (the console's client is generated from it: `npm run api:schema`). */
export function apiDocument(app: NestFastifyApplication): OpenAPIObject {
  return SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Duban 督办 API')
      .setDescription('Task supervision for the industrial-chain chain-leader mechanism (产业链链长制).')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
}
