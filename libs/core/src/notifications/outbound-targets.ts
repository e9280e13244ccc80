import ipaddr from 'ipaddr.js';
import type { WebhooksConfig } from '@duban/config';

/** Channel kinds that POST over HTTPS. */
export type HttpChannelKind = 'WEBHOOK' | 'WECOM' | 'DINGTALK';

/** The official custom group-robot webhooks: 企业微信 (WeCom) and 钉钉 (DingTalk). */
export const ROBOT_ENDPOINTS = {
  WECOM: { name: 'WeCom group robot', host: 'qyapi.weixin.qq.com', path: '/cgi-bin/webhook/send', key: 'key' },
  DINGTALK: { name: 'DingTalk group robot', host: 'oapi.dingtalk.com', path: '/robot/send', key: 'access_token' },
} as const;

/** A target Duban will not send to. The message names `target` and holds no secret part of it. */
export class TargetRefused extends Error {
  override readonly name = 'TargetRefused';
}

/** Which non-public hosts and networks an administrator opted in (DUBAN_WEBHOOK_ALLOW). */
export interface OutboundPolicy {
  hosts: ReadonlySet<string>;
  networks: readonly [ipaddr.IPv4 | ipaddr.IPv6, number][];
}

export function outboundPolicy(config: Pick<WebhooksConfig, 'allowHosts' | 'allowNetworks'>): OutboundPolicy {
  return { hosts: new Set(config.allowHosts), networks: config.allowNetworks.map((cidr) => ipaddr.parseCIDR(cidr)) };
}

const IPV4_COMPATIBLE = ipaddr.parseCIDR('::/96');

/**
 * Why an address is not a public unicast one ('loopback', 'private', 'linkLocal', …), or null.
 * ipaddr.js keeps the IANA special-purpose registries; anything it does not call `unicast`
 * (documentation, benchmarking, NAT64, 6to4, Teredo, …) is refused too.
 */
export function nonPublicRange(address: string): string | null {
  // process() unwraps IPv4-mapped IPv6 (::ffff:127.0.0.1 is 127.0.0.1).
  const ip = ipaddr.process(address);
  const range = ip.range();
  if (range !== 'unicast') return range;
  // Deprecated IPv4-compatible addresses (::127.0.0.1) have no range of their own in ipaddr.js.
  if (ip.kind() === 'ipv6' && ip.match(IPV4_COMPATIBLE)) return 'ipv4Compatible';
  return null;
}

/** Whether the policy lets a connection go to `address`; the reason when it does not. */
export function addressRefusal(address: string, policy: OutboundPolicy): string | null {
  const ip = ipaddr.process(address);
  if (policy.networks.some(([network, bits]) => network.kind() === ip.kind() && ip.match(network, bits))) return null;
  const range = nonPublicRange(address);
  return range && `${ip.toString()} is not a public address (${range})`;
}

/** A hostname as allowlists hold it: lower case, no trailing dot. */
export function normalHost(hostname: string): string {
  return hostname.toLowerCase().replace(/\.$/, '');
}

/** The host of an https URL: an IP literal (brackets removed) or a name. */
export function targetHost(url: URL): { name: string; ip: boolean } {
  const hostname = url.hostname.toLowerCase();
  if (hostname.startsWith('[')) return { name: hostname.slice(1, -1), ip: true };
  // The URL parser has already turned 2130706433, 0x7f.1 and 0177.0.0.1 into dotted quads.
  if (ipaddr.IPv4.isValidFourPartDecimal(hostname)) return { name: hostname, ip: true };
  return { name: normalHost(hostname), ip: false };
}

/**
 * Checks the form of a target: https only, no credentials, and for robots the vendor's endpoint
 * with its key. Addresses are checked separately (they need DNS).
 */
export function parseTarget(kind: HttpChannelKind, target: string): URL {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    throw new TargetRefused(`target must be an https URL for a ${kind} channel`);
  }
  if (url.protocol !== 'https:') throw new TargetRefused(`target must be an https URL for a ${kind} channel`);
  if (url.username || url.password) throw new TargetRefused('target must not contain a user name or password');
  if (kind !== 'WEBHOOK') {
    const robot = ROBOT_ENDPOINTS[kind];
    if (targetHost(url).name !== robot.host || url.pathname !== robot.path || !url.searchParams.get(robot.key)) {
      throw new TargetRefused(`target of a ${kind} channel must be the ${robot.name} webhook https://${robot.host}${robot.path}?${robot.key}=…`);
    }
  }
  return url;
}

/** A target as errors and logs may show it: scheme and host only. */
export function describeTarget(target: string | URL): string {
  try {
    const url = typeof target === 'string' ? new URL(target) : target;
    return `${url.protocol}//${url.host}/…`;
  } catch {
    return '(not a URL)';
  }
}

const MASK = '****';

/**
 * A target as the channel list shows it: recognisable, without secrets. Query values are masked
 * (robot keys, tokens), so are path segments after the first, where webhooks carry tokens
 * (…/hooks/<token>); a robot's path is the vendor's fixed one and stays. E-mail addresses stay.
 */
export function maskTarget(kind: string, target: string): string {
  if (kind === 'EMAIL') return target;
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return MASK;
  }
  const segments = url.pathname.split('/').slice(1);
  const path = kind in ROBOT_ENDPOINTS ? url.pathname : `/${segments.map((s, i) => (i === 0 || s === '' ? s : MASK)).join('/')}`;
  const query = [...url.searchParams.keys()].map((name) => `${encodeURIComponent(name)}=${MASK}`).join('&');
  return `${url.protocol}//${url.host}${path}${query ? `?${query}` : ''}`;
}

/** Removes every secret part of `target` (path, query, credentials) from a message. */
export function scrubTarget(message: string, target: string | URL): string {
  let url: URL;
  try {
    url = typeof target === 'string' ? new URL(target) : target;
  } catch {
    return typeof target === 'string' && target ? message.split(target).join('(target)') : message;
  }
  const robotPath = Object.values(ROBOT_ENDPOINTS).some((robot) => robot.path === url.pathname);
  const secrets = [
    url.href,
    `${url.pathname}${url.search}`,
    url.search,
    url.username,
    url.password,
    ...(robotPath ? [] : url.pathname.split('/').slice(2)),
    ...url.searchParams.values(),
  ].filter((s) => s.length >= 4);
  // Longest first, so a whole URL goes before its parts.
  return secrets.sort((a, b) => b.length - a.length).reduce((m, secret) => m.split(secret).join(MASK), message);
}
