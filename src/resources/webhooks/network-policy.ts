import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP } from 'node:net';

/**
 * Where a webhook may be sent (SSRF defence). A tenant chooses the URL, so without this a tenant
 * could make the server POST into the bank's own network (loopback, private ranges, the cloud
 * metadata service) and read the outcome from the deliveries log. Every address a host resolves to
 * is checked, at creation and again at every delivery, and the delivery connects to the address
 * that was checked (so a DNS answer that changes in between cannot redirect it).
 */
// Two lists: one BlockList matches IPv4 addresses against IPv6 rules of the mapped range too.
const blockedV4 = new BlockList();
const blockedV6 = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], // "this network", incl. the unspecified address
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, incl. 169.254.169.254 (cloud metadata)
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, incl. broadcast
] as const)
  blockedV4.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['::', 96], // IPv4-compatible (deprecated)
  ['::ffff:0:0', 96], // IPv4-mapped: would reach any IPv4 address, private ones included
  ['64:ff9b::', 96], // NAT64
  ['64:ff9b:1::', 48],
  ['100::', 64], // discard
  ['2001::', 32], // Teredo
  ['2001:db8::', 32], // documentation
  ['2002::', 16], // 6to4: embeds an IPv4 address
  ['fc00::', 7], // unique local (ULA), incl. fd00:ec2::254 (cloud metadata)
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8], // multicast
] as const)
  blockedV6.addSubnet(net, prefix, 'ipv6');

/** Whether an IP address (v4 or v6, no brackets) is one webhooks must never be sent to. */
export function isForbiddenAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return true;
  return family === 4 ? blockedV4.check(address, 'ipv4') : blockedV6.check(address, 'ipv6');
}

/** Why a destination was refused, as a category that says nothing about the network behind it. */
export class DestinationRefused extends Error {
  constructor(readonly category: 'address not allowed' | 'host not found') {
    super(category);
    this.name = 'DestinationRefused';
  }
}

/** The host of a URL as `lookup` and `isIP` want it: IPv6 literals without their brackets. */
export function bareHost(url: URL): string {
  return url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
}

function lookupAll(hostname: string): Promise<LookupAddress[]> {
  return new Promise((resolve, reject) => {
    dnsLookup(hostname, { all: true, verbatim: true }, (error, addresses) => {
      if (error) reject(new DestinationRefused('host not found'));
      else resolve(addresses);
    });
  });
}

/**
 * The addresses a host may be reached at: all of them, or a refusal when any is forbidden (a host
 * with one public and one private address is refused, since a client may pick either).
 */
export async function allowedAddresses(hostname: string, allowPrivate: boolean): Promise<LookupAddress[]> {
  const literal = isIP(hostname);
  const addresses = literal === 0 ? await lookupAll(hostname) : [{ address: hostname, family: literal }];
  if (addresses.length === 0) throw new DestinationRefused('host not found');
  if (!allowPrivate && addresses.some((a) => isForbiddenAddress(a.address)))
    throw new DestinationRefused('address not allowed');
  return addresses;
}

type LookupCallback = (error: Error | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for http(s).request: resolves, checks, and hands the socket the checked address, so
 * the connection goes exactly where the check said it may.
 */
export function guardedLookup(allowPrivate: boolean) {
  return (hostname: string, options: { all?: boolean }, callback: LookupCallback): void => {
    allowedAddresses(hostname, allowPrivate).then(
      (addresses) => {
        const [first] = addresses;
        if (options.all) callback(null, addresses);
        else if (first) callback(null, first.address, first.family);
      },
      (error: unknown) => {
        callback(error instanceof Error ? error : new Error(String(error)), '', 0);
      },
    );
  };
}
