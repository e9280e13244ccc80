// RFC 1123 labels; an all-digit last label would be read as an IPv4 address by URL parsers.
const HOSTNAME = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*(?!\d+$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;

/** A DNS hostname (not an address), with or without a trailing dot. */
export function isHostname(name: string): boolean {
  return HOSTNAME.test(name.replace(/\.$/, ''));
}
