import { isIPv6 } from "node:net";
import ipaddr from "ipaddr.js";

/**
 * The network an IPv6 client is counted by: one subscriber is commonly given a /56 (RFC 6177), so a client
 * cycling through the addresses of its own prefix is still one client to the rate limits.
 */
const IPV6_PREFIX_BITS = 56;

/**
 * The key a rate limit counts an address under: an IPv4 address as it is (also when it arrives IPv4-mapped,
 * `::ffff:a.b.c.d`, as on a dual-stack listener), an IPv6 address as its /56 network. Anything else (no address
 * known) is its own key. The same keys as express-rate-limit's `ipKeyGenerator`, without loading that package
 * and its IPv6 library for one function (about 1.1 MB of heap; docs/benchmarks.md, session 46).
 */
export function addressKey(ip: string): string {
  if (!isIPv6(ip)) return ip;
  // A zone (`fe80::1%eth0`) names an interface of this host, not the client; and ipaddr.js refuses zones Node
  // takes (`%en-0`), which threw here: the key is the address without it.
  const bare = ip.split("%", 1)[0]!;
  if (!ipaddr.IPv6.isValid(bare)) return ip;
  const address = ipaddr.IPv6.parse(bare);
  if (address.isIPv4MappedAddress()) return address.toIPv4Address().toString();
  const network = address.parts.map((part, i) => {
    const kept = Math.min(16, Math.max(0, IPV6_PREFIX_BITS - 16 * i));
    return part & ((0xffff << (16 - kept)) & 0xffff);
  });
  return `${new ipaddr.IPv6(network).toString()}/${IPV6_PREFIX_BITS}`;
}
