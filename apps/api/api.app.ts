import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { useJsonBodies } from '@duban/platform';
import { ApiModule } from './api.module';
import { requestValidationPipe } from './common/validation';
import { serveConsole } from './console/console.static';

/** Builds the api exactly as production runs it; tests use the same function. */
export async function createApiApp(): Promise<INestApplication> {
  const app = await NestFactory.create(ApiModule, { bodyParser: false, bufferLogs: true });
  configureApiApp(app);
  return app;
}

export function configureApiApp(app: INestApplication): void {
  useJsonBodies(app);
  app.setGlobalPrefix('api/v1', { exclude: ['health'] });
  app.useGlobalPipes(requestValidationPipe());
  SwaggerModule.setup('api/docs', app, apiDocument(app), { jsonDocumentUrl: 'api/docs-json' });
  serveConsole(app);
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
