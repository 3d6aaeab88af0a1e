import http from "node:http";
import type { AddressInfo } from "node:net";
import { postJson, publicOnlyLookup } from "./providers";

describe("webhook connections reach public addresses only", () => {
  let server: http.Server;
  let port: number;
  let received = 0;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      received += 1;
      req.resume();
      res.end("{}");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("refuses a name that resolves to a private address when the socket connects, without retrying", async () => {
    // The check before a send resolves the name separately; this is the connection's own resolution.
    const before = received;
    const r = await postJson(`http://localhost:${port}/hook`, "{}", {}, 5_000, true);
    expect(r).toMatchObject({ ok: false, retryable: false, statusCode: null });
    expect((r as { detail: string }).detail).toMatch(/^refused: localhost resolves to a private address/);
    expect(received).toBe(before);
  });

  it("connects to the same name when private targets are allowed", async () => {
    const before = received;
    const r = await postJson(`http://localhost:${port}/hook`, "{}", {}, 5_000, false);
    expect(r).toMatchObject({ status: 200 });
    expect(received).toBe(before + 1);
  });

  it("gives dns.lookup's error code to a refused lookup", async () => {
    const refused = await new Promise<NodeJS.ErrnoException | null>((resolve) =>
      publicOnlyLookup("localhost", {}, (err) => resolve(err)),
    );
    expect(refused?.code).toBe("EPRIVATEADDRESS");
  });
});

describe("a provider's answer cut off", () => {
  let server: http.Server;
  let port: number;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      req.resume();
      if (req.url === "/cut") {
        // Promises a body of 100 bytes, sends 10 and drops the connection.
        res.writeHead(200, { "Content-Type": "application/json", "Content-Length": "100" });
        res.write('{"ok":true');
        setTimeout(() => res.socket?.destroy(), 20);
      } else res.end('{"ok":true}');
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("when the connection drops mid-body, then the call settles as a retryable failure, not an answer", async () => {
    const r = await postJson(`http://127.0.0.1:${port}/cut`, "{}", {}, 5_000);
    expect(r).toMatchObject({ ok: false, retryable: true, statusCode: null });
    expect((r as { detail: string }).detail).toMatch(/^unreachable: /);
  });

  it("when the answer is whole, then it is the answer, whatever the connection does after", async () => {
    const r = await postJson(`http://127.0.0.1:${port}/whole`, "{}", {}, 5_000);
    expect(r).toMatchObject({ status: 200, text: '{"ok":true}' });
  });
});
