import { BadRequestException, HttpException, PayloadTooLargeException, UnsupportedMediaTypeException } from '@nestjs/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/**
 * JSON body parsing whose failures answer in Duban's error shape (through the api's exception
 * filter): broken JSON is 400, an oversized body 413. `multipart` lists the routes
 * (`POST /api/v1/imports`) that also take multipart/form-data, which their own interceptor
 * reads; every other route refuses it like any body that is not JSON (415, before it is read).
 */
export function useJsonBodies(fastify: FastifyInstance, limitBytes = 1024 * 1024, multipart: readonly string[] = []): void {
  const limit = `${limitBytes / (1024 * 1024)}mb`;
  // Keys that name an object's machinery are never fields; refusing them here keeps them away
  // from every later step (class-transformer would skip them silently).
  const reviver = (key: string, value: unknown) => {
    if (FORBIDDEN_KEYS.has(key)) throw new BadRequestException(`property ${key} should not exist`);
    return value;
  };
  fastify.addHook('onRequest', (request: FastifyRequest, _reply: FastifyReply, done: (error?: Error) => void) => {
    const headers = request.headers;
    const hasBody = Number(headers['content-length'] ?? 0) > 0 || headers['transfer-encoding'] !== undefined;
    const type = headers['content-type'] ?? '';
    if (!hasBody) return done();
    if (JSON_TYPE.test(type)) {
      // Fastify's parser refuses a longer body too, in its own words.
      return done(Number(headers['content-length'] ?? 0) > limitBytes ? new PayloadTooLargeException(`body is larger than ${limit}`) : undefined);
    }
    const formRoute = multipart.includes(`${request.method} ${request.routeOptions.url ?? ''}`);
    if (formRoute && /^multipart\/form-data\b/i.test(type)) return done();
    done(new UnsupportedMediaTypeException(formRoute ? 'content-type must be application/json or multipart/form-data' : 'content-type must be application/json'));
  });
  // Fastify's own parsers (JSON, text) go: the hook above let through JSON and the upload forms only.
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser(JSON_TYPE, { parseAs: 'string', bodyLimit: limitBytes }, (_request, body, done) => {
    const text = body as string;
    // Like Express's json(): objects and arrays only, and an empty body is no body.
    const first = /\S/.exec(text)?.[0];
    if (first === undefined) return done(null, undefined);
    if (first !== '{' && first !== '[') return done(new BadRequestException('body is not valid JSON'));
    try {
      done(null, JSON.parse(text, reviver));
    } catch (error) {
      done(error instanceof HttpException ? error : new BadRequestException('body is not valid JSON'));
    }
  });
  // A request that announces a type but carries no body (the hook refused every other body).
  fastify.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));
}

const JSON_TYPE = /^application\/(.+\+)?json\b/i;

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'isPrototypeOf', 'propertyIsEnumerable', 'toString', 'toLocaleString', 'valueOf']);
