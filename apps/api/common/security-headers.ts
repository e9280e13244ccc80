import helmet from 'helmet';
import type { FastifyInstance } from 'fastify';

/**
 * The api's policy, shaped for the console it will serve at `/` (React + antd) and for Swagger
 * UI at /api/docs, which fits it as is: its scripts are files of its own, its inline `<style>`
 * blocks and CSS-in-JS need 'unsafe-inline' styles, its icons are data: images.
 */
const API_CSP = {
  defaultSrc: ["'self'"],
  baseUri: ["'self'"],
  scriptSrc: ["'self'"],
  scriptSrcAttr: ["'none'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  // blob: the console shows evidence images it fetched with the caller's token.
  imgSrc: ["'self'", 'data:', 'blob:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/** Published notices (printable HTML) run no script at all and load nothing. */
export const NOTICE_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** An evidence image shown in the browser: nothing but itself, in a sandbox without scripts. */
export const INLINE_IMAGE_CSP = "default-src 'none'; img-src 'self'; object-src 'self'; sandbox";

/**
 * An evidence PDF shown in the browser's own viewer. No `sandbox`: Chromium's viewer refuses to
 * run in a sandboxed document; with `default-src 'none'` the document loads and runs nothing of
 * ours either way.
 */
export const INLINE_PDF_CSP = "default-src 'none'; img-src 'self'; object-src 'self'";

/**
 * Security headers on every answer, errors included (set as each request arrives, before anything
 * else). helmet's middleware is built once: @fastify/helmet built it again for every request, CSP
 * directives parsed each time (2% of the api's CPU under the bench's load).
 */
export async function useSecurityHeaders(fastify: FastifyInstance): Promise<void> {
  const setHeaders = helmet({
    // No upgrade-insecure-requests: intranet deployments often serve plain http.
    contentSecurityPolicy: { useDefaults: false, directives: API_CSP },
    xFrameOptions: { action: 'deny' },
    // Not includeSubDomains: other hosts of a government domain may not have TLS.
    strictTransportSecurity: { maxAge: 15_552_000, includeSubDomains: false },
  });
  fastify.addHook('onRequest', (request, reply, done) => setHeaders(request.raw, reply.raw, (error) => done(error as Error | undefined)));
}
