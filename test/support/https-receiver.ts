import type { INestApplicationContext } from '@nestjs/common';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, Server } from 'node:https';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HostResolver } from '@duban/core';

/** The names every test certificate is valid for: the loopback address and the robots' hosts. */
const NAMES = ['IP:127.0.0.1', 'DNS:localhost', 'DNS:*.duban.test', 'DNS:qyapi.weixin.qq.com', 'DNS:oapi.dingtalk.com'];

export interface TestCertificate {
  certFile: string;
  cert: string;
  key: string;
  /** Removes the temporary directory. */
  remove(): void;
}

/** A self-signed certificate made with the openssl CLI, in a temporary directory. */
export function selfSignedCertificate(): TestCertificate {
  const dir = mkdtempSync(join(tmpdir(), 'duban-tls-'));
  const keyFile = join(dir, 'key.pem');
  const certFile = join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '2',
      '-subj',
      '/CN=duban-test-receiver',
      '-addext',
      `subjectAltName=${NAMES.join(',')}`,
      '-keyout',
      keyFile,
      '-out',
      certFile,
    ],
    { stdio: 'ignore' },
  );
  return { certFile, cert: readFileSync(certFile, 'utf8'), key: readFileSync(keyFile, 'utf8'), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * The environment that lets deliveries reach a local receiver: 127.0.0.1 allowlisted and the
 * test certificate trusted.
 */
export function webhookEnvironment(certificate: TestCertificate): Record<string, string> {
  return { DUBAN_WEBHOOK_ALLOW: '127.0.0.1', DUBAN_WEBHOOK_CA_FILE: certificate.certFile };
}

export interface ReceivedRequest {
  /** Path and query, as sent. */
  url: string;
  headers: IncomingHttpHeaders;
  body: unknown;
}

/** How a receiver answers a request; the default answers 200 `{}`. */
export type Answer = (req: ReceivedRequest, res: ServerResponse) => void;

export interface HttpsReceiver {
  server: Server;
  port: number;
  /** https://127.0.0.1:<port><path> */
  url(path: string): string;
  received: ReceivedRequest[];
  close(): Promise<void>;
}

/** An https server on 127.0.0.1 that records every request it gets. */
export async function startHttpsReceiver(
  certificate: TestCertificate,
  answer: Answer = (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'),
): Promise<HttpsReceiver> {
  const received: ReceivedRequest[] = [];
  const server = createServer({ cert: certificate.cert, key: certificate.key }, (req: IncomingMessage, res) => {
    let raw = '';
    req.on('data', (chunk) => (raw += chunk));
    req.on('end', () => {
      let body: unknown = raw;
      try {
        body = JSON.parse(raw);
      } catch {
        // kept as text
      }
      const request = { url: req.url ?? '', headers: req.headers, body };
      received.push(request);
      answer(request, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    port,
    url: (path) => `https://127.0.0.1:${port}${path}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * Makes `app` resolve the given names to the given addresses (other names resolve as usual),
 * as a DNS server the test controls would.
 */
export function resolveNames(app: INestApplicationContext, names: Record<string, string[]>): void {
  const resolver = app.get(HostResolver);
  const real = resolver.resolve.bind(resolver);
  jest
    .spyOn(resolver, 'resolve')
    .mockImplementation(async (host: string) => (names[host] ? names[host].map((address) => ({ address, family: address.includes(':') ? 6 : 4 })) : real(host)));
}
