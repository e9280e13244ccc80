import compress from '@fastify/compress';
import type { FastifyInstance } from 'fastify';

/** Text, scripts, JSON and XML (SVG); not octet-stream, nor workbooks, images or PDFs, which are compressed already. */
const COMPRESSIBLE = /^text\/(?!event-stream)|^application\/(?:javascript|xml)(?:;|$)|(?:\+|\/)(?:json|text|xml)(?:;|$)/;

/**
 * br, gzip or deflate for what the client accepts: the console's scripts and styles, index.html
 * and the api's JSON. Answers under 1 KiB go as they are. Security headers, set as the request
 * arrived, stay.
 */
export async function useCompression(fastify: FastifyInstance): Promise<void> {
  // Request bodies are inflated where they are read (useJsonBodies).
  await fastify.register(compress, { globalCompression: true, globalDecompression: false, threshold: 1024, customTypes: COMPRESSIBLE });
}
