import { isIPv4, isIPv6 } from "node:net";

/**
 * The key a throttle counts one client under: an IPv4 address as it is, an IPv6 address by its
 * /64 (one household or phone gets a whole /64, so single addresses would be free to rotate).
 * IPv4-mapped IPv6 ("::ffff:10.0.0.1") counts as the IPv4 address.
 */
export function throttleClientKey(ip: string | null | undefined): string {
  if (!ip) return "unknown";
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped && isIPv4(mapped[1]!)) return mapped[1]!;
  if (isIPv4(ip)) return ip;
  if (!isIPv6(ip)) return "unknown";
  const [head = "", tail = ""] = ip.toLowerCase().split("%")[0]!.split("::");
  const left = head ? head.split(":") : [];
  const right = ip.includes("::") ? (tail ? tail.split(":") : []) : [];
  const groups = ip.includes("::") ? [...left, ...Array(8 - left.length - right.length).fill("0"), ...right] : left;
  return `${groups.slice(0, 4).map((group) => group.replace(/^0+(?=.)/, "")).join(":")}::/64`;
}
