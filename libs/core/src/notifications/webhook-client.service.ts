import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { LookupAddress } from 'node:dns';
import { lookup } from 'node:dns/promises';
import { readFileSync } from 'node:fs';
import type { LookupFunction } from 'node:net';
import { rootCertificates } from 'node:tls';
import { Agent, fetch } from 'undici';
import { AppConfig } from '@duban/config';
import {
  addressRefusal,
  describeTarget,
  HttpChannelKind,
  normalHost,
  OutboundPolicy,
  outboundPolicy,
  parseTarget,
  scrubTarget,
  TargetRefused,
  targetHost,
} from './outbound-targets';

/**
 * Resolves a hostname to every address (A and AAAA) the way connections do (hosts file, then
 * DNS). A provider of its own so that tests can answer for names they control.
 */
@Injectable()
export class HostResolver {
  resolve(hostname: string): Promise<LookupAddress[]> {
    return lookup(hostname, { all: true, verbatim: true });
  }
}

/** A failed delivery attempt; the message describes the target by scheme and host only. */
export class DeliveryFailed extends Error {
  constructor(
    message: string,
    /** The target itself is refused: trying again cannot help. */
    readonly permanent = false,
  ) {
    super(message);
  }
}

/**
 * POSTs to webhook and robot targets over HTTPS, and only to addresses the policy allows:
 * public ones, or those an administrator listed in DUBAN_WEBHOOK_ALLOW. The connection goes
 * to the very addresses that were checked (the agent's lookup resolves and checks), so a DNS
 * answer that changes between check and connect (rebinding) cannot redirect it.
 */
@Injectable()
export class WebhookClient implements OnModuleDestroy {
  private readonly policy: OutboundPolicy;
  private readonly agent: Agent;

  constructor(
    config: AppConfig,
    private readonly resolver: HostResolver,
  ) {
    this.policy = outboundPolicy(config.webhooks);
    const { caFile } = config.webhooks;
    // `ca` replaces the built-in roots, so they are listed too.
    const ca = caFile ? [...rootCertificates, readFileSync(caFile, 'utf8')] : undefined;
    this.agent = new Agent({ connect: { ca, lookup: this.pinnedLookup } });
  }

  async onModuleDestroy(): Promise<void> {
    await this.agent.close();
  }

  /** Checks a target as a channel is created: its form, then every address its host resolves to. */
  async check(kind: HttpChannelKind, target: string): Promise<void> {
    const url = parseTarget(kind, target);
    const host = targetHost(url);
    if (host.ip) this.assertAddresses(host.name, [host.name]);
    else await this.allowedAddresses(host.name);
  }

  /** POSTs JSON; resolves with the response (2xx) or throws DeliveryFailed. Redirects are not followed. */
  async post(kind: HttpChannelKind, target: string, headers: Record<string, string>, body: string) {
    const where = `${kind} ${describeTarget(target)}`;
    let url: URL;
    try {
      url = parseTarget(kind, target);
      const host = targetHost(url);
      // An IP literal never reaches the lookup.
      if (host.ip) this.assertAddresses(host.name, [host.name]);
    } catch (error) {
      throw this.failure(where, error, target);
    }
    let response;
    try {
      response = await fetch(url, { method: 'POST', headers, body, redirect: 'manual', dispatcher: this.agent, signal: AbortSignal.timeout(10_000) });
    } catch (error) {
      throw this.failure(where, error, url);
    }
    if (response.status >= 200 && response.status < 300) return response;
    await response.body?.cancel().catch(() => undefined);
    const redirect = response.status >= 300 && response.status < 400 ? ' (redirects are not followed)' : '';
    throw new DeliveryFailed(`${where} answered ${response.status}${redirect}`);
  }

  /** Every address of `hostname`, if all are allowed (or the host is listed); else TargetRefused. */
  private async allowedAddresses(hostname: string): Promise<LookupAddress[]> {
    let addresses: LookupAddress[];
    try {
      addresses = await this.resolver.resolve(hostname);
    } catch (error) {
      throw new TargetRefused(`target host ${hostname} could not be resolved (${(error as NodeJS.ErrnoException).code ?? 'DNS error'})`);
    }
    if (addresses.length === 0) throw new TargetRefused(`target host ${hostname} could not be resolved`);
    if (!this.policy.hosts.has(hostname))
      this.assertAddresses(
        hostname,
        addresses.map((a) => a.address),
      );
    return addresses;
  }

  private assertAddresses(host: string, addresses: string[]): void {
    for (const address of addresses) {
      const refusal = addressRefusal(address, this.policy);
      if (refusal) {
        const via = address === host ? '' : ` (${host} resolves to it)`;
        throw new TargetRefused(`target must reach a public address: ${refusal}${via}; an administrator may allow it in DUBAN_WEBHOOK_ALLOW`);
      }
    }
  }

  /** The agent's lookup: resolves, checks every address, and hands over only checked ones. */
  private readonly pinnedLookup: LookupFunction = (hostname, options, callback) => {
    this.allowedAddresses(normalHost(hostname)).then(
      (addresses) => {
        const usable = options.family ? addresses.filter((a) => a.family === options.family) : addresses;
        if (usable.length === 0) return callback(Object.assign(new Error(`no IPv${options.family} address for ${hostname}`), { code: 'ENOTFOUND' }), []);
        if (options.all) callback(null, usable);
        else callback(null, usable[0].address, usable[0].family);
      },
      (error: Error) => callback(error, []),
    );
  };

  private failure(where: string, error: unknown, target: string | URL): DeliveryFailed {
    // fetch wraps connection errors (and our lookup's refusal) in `cause`.
    let cause = error as (Error & { code?: string; cause?: unknown }) | undefined;
    while (cause && !(cause instanceof TargetRefused) && cause.cause instanceof Error) cause = cause.cause as typeof cause;
    if (cause instanceof TargetRefused) return new DeliveryFailed(`${where} refused: ${cause.message}`, true);
    const reason = cause?.code ? `${cause.code}${cause.message ? ` ${cause.message}` : ''}` : (cause?.message ?? String(error));
    return new DeliveryFailed(`${where} failed: ${scrubTarget(reason, target)}`);
  }
}
