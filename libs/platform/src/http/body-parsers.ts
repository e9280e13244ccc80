import { BadRequestException, HttpException, PayloadTooLargeException, UnsupportedMediaTypeException } from '@nestjs/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';

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
  fastify.addContentTypeParser(JSON_TYPE, { parseAs: 'buffer', bodyLimit: limitBytes }, (request, body, done) => {
    // Like Express's json(): no body is no body; otherwise objects and arrays only, in UTF-8 or
    // UTF-16, inflated first when sent compressed (and no larger than the limit once inflated).
    if ((body as Buffer).length === 0) return done(null, undefined);
    let bytes: Buffer | null;
    try {
      bytes = inflate(body as Buffer, request.headers['content-encoding'], limitBytes);
    } catch {
      return done(new PayloadTooLargeException(`body is larger than ${limit}`));
    }
    const text = bytes === null ? null : decode(bytes, request.headers['content-type'] ?? '');
    const first = text === null ? undefined : /\S/.exec(text)?.[0];
    if (text === null || (first !== '{' && first !== '[')) return done(new BadRequestException('body is not valid JSON'));
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

/** The body as text in its declared charset (UTF-8 unless told), or null for a charset JSON is never sent in. */
function decode(bytes: Buffer, contentType: string): string | null {
  const charset = (/;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType)?.[1] ?? 'utf-8').toLowerCase();
  if (charset === 'utf-8' || charset === 'utf8') return bytes.toString('utf8');
  if (charset === 'utf-16' || charset === 'utf-16le' || charset === 'utf-16be') return new TextDecoder(charset === 'utf-16be' ? 'utf-16be' : 'utf-16le').decode(bytes);
  return null;
}

/** The body inflated per its content-encoding; null when it is in no encoding we read, or does not inflate. Throws past `limit` bytes. */
function inflate(bytes: Buffer, encoding: string | undefined, limit: number): Buffer | null {
  const coding = (encoding ?? 'identity').trim().toLowerCase();
  if (coding === 'identity') return bytes;
  const inflater = coding === 'gzip' || coding === 'x-gzip' ? gunzipSync : coding === 'deflate' ? inflateSync : coding === 'br' ? brotliDecompressSync : null;
  if (!inflater) return null;
  try {
    return inflater(bytes, { maxOutputLength: limit });
  } catch (error) {
    if (error instanceof RangeError) throw error;
    return null;
  }
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'isPrototypeOf', 'propertyIsEnumerable', 'toString', 'toLocaleString', 'valueOf']);
