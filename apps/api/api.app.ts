import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { AppConfig } from '@duban/config';
import { useJsonBodies } from '@duban/platform';
import { ApiModule } from './api.module';
import { useCompression } from './common/compression';
import { useHttpMetrics } from './common/http-metrics';
import { ReplicaRoutingInterceptor } from './common/replica-routing';
import { useRequestContext } from './common/request-context';
import { useSecurityHeaders } from './common/security-headers';
import { requestValidationPipe } from './common/validation';
import { serveConsole } from './console/console.static';
import { serveQueueDashboard } from './engine/queue-dashboard';

/** Builds the api exactly as production runs it; tests use the same function. */
export async function createApiApp(): Promise<INestApplication> {
  const app = await NestFactory.create(ApiModule, { bodyParser: false, bufferLogs: true });
  configureApiApp(app);
  return app;
}

export function configureApiApp(app: INestApplication): void {
  useRequestContext(app);
  useHttpMetrics(app);
  useSecurityHeaders(app);
  useCompression(app);
  // The importer takes a .docx upload; every other route reads JSON only.
  useJsonBodies(app, '1mb', ['POST /api/v1/imports', 'POST /api/v1/files']);
  useApiPrefix(app);
  app.useGlobalPipes(requestValidationPipe());
  // Only with replicas: without any interceptor Nest calls each handler directly.
  if (app.get(AppConfig).replicas.urls.length > 0) app.useGlobalInterceptors(app.get(ReplicaRoutingInterceptor));
  // Off in production unless DUBAN_API_DOCS=1: the document maps every route for an attacker.
  if (app.get(AppConfig).apiDocs) SwaggerModule.setup('api/docs', app, apiDocument(app), { jsonDocumentUrl: 'api/docs-json' });
  serveQueueDashboard(app);
  serveConsole(app);
}

/** Every route under /api/v1 but /health and /metrics. */
export function useApiPrefix(app: INestApplication): void {
  app.setGlobalPrefix('api/v1', { exclude: ['health', 'metrics'] });
}

/** The OpenAPI document (the console's client is generated from it: `npm run api:schema`). */
export function apiDocument(app: INestApplication): OpenAPIObject {
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
