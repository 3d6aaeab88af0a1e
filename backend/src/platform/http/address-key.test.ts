import { ipKeyGenerator } from "express-rate-limit";
import { addressKey } from "./address-key";

describe("addressKey", () => {
  it("counts an IPv4 address as it is, also when it arrives IPv4-mapped", () => {
    expect(addressKey("203.0.113.7")).toBe("203.0.113.7");
    expect(addressKey("::ffff:203.0.113.7")).toBe("203.0.113.7");
    expect(addressKey("::ffff:cb00:7107")).toBe("203.0.113.7");
  });

  it("counts an IPv6 address by its /56 network", () => {
    const key = addressKey("2001:db8:abcd:12ff:1:2:3:4");
    expect(key).toBe("2001:db8:abcd:1200::/56");
    // Another address of the same /56 is the same client; the next /56 is another.
    expect(addressKey("2001:db8:abcd:1200::1")).toBe(key);
    expect(addressKey("2001:db8:abcd:12aa:ffff:ffff:ffff:ffff")).toBe(key);
    expect(addressKey("2001:db8:abcd:1300::1")).not.toBe(key);
    expect(addressKey("::1")).toBe("::/56");
    expect(addressKey("fe80::1%eth0")).toBe("fe80::/56");
  });

  it("keys an address with any zone Node accepts by the address alone, never throwing", () => {
    // ipaddr.js refuses these zones; Node's isIPv6 takes them (a request's address passed through a proxy).
    expect(addressKey("fe80::1%en-0")).toBe("fe80::/56");
    expect(addressKey("fe80::1%a.b")).toBe("fe80::/56");
    expect(addressKey("fe80::1%-")).toBe("fe80::/56");
    expect(addressKey("::ffff:203.0.113.7%eth0")).toBe("203.0.113.7");
  });

  it("keeps what is no address as its own key", () => {
    expect(addressKey("unknown")).toBe("unknown");
    expect(addressKey("")).toBe("");
  });

  // express-rate-limit (a dev dependency here) is what the limits used before; the counters keep their keys.
  it.each([
    "203.0.113.7",
    "::ffff:203.0.113.7",
    "2001:db8:abcd:12ff:1:2:3:4",
    "2001:db8::",
    "::1",
    "fd12:3456:789a:1::1",
    "2a00:1450:4001:80b::200e",
  ])("gives %s the key express-rate-limit's ipKeyGenerator gives it", (ip) => {
    expect(addressKey(ip)).toBe(ipKeyGenerator(ip));
  });
});
