import http from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import winston from "winston";
import { createApp } from "../../src/app";
import { createModules, type Modules } from "../../src/modules";
import { createTokenService } from "../../src/platform/auth/token";
import { actorFactory, openTestDatabase, testConfig, TEST_SECRET, type Actor } from "../support/test-context";

/** One line the server logged, as winston's JSON format writes it. */
export type LogLine = { level: string; message: string; [meta: string]: unknown };

/**
 * The real app (every module, the real database) listening on a loopback port, with a logger that keeps
 * every line of level warn and above: for tests that check what the operator is told.
 */
export async function startLoggedApp(env: Record<string, string> = {}) {
  const lines: LogLine[] = [];
  const logger = winston.createLogger({
    level: "warn",
    format: winston.format.json(),
    transports: [
      new winston.transports.Stream({
        stream: new Writable({
          write(chunk: Buffer, _enc, done) {
            lines.push(JSON.parse(chunk.toString()) as LogLine);
            done();
          },
        }),
      }),
    ],
  });
  const config = testConfig(env);
  const database = await openTestDatabase();
  const tokens = createTokenService(TEST_SECRET);
  const modules: Modules = createModules({ config, database, logger, tokens });
  const app = createApp({ config, database, logger, tokens, modules });
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    app,
    config,
    database,
    modules,
    lines,
    ...actorFactory(tokens, modules.identity.service.recordIdentity),
    /** A raw GET or HEAD that reports a response cut short instead of failing on it. */
    fetchRaw: (method: "GET" | "HEAD", url: string, as?: Actor) => rawRequest(port, method, url, as),
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await database.close();
    },
  };
}

export type RawResponse = {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  /** Whether the connection ended before the response was complete. */
  cut: boolean;
};

function rawRequest(port: number, method: string, url: string, as?: Actor): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: "127.0.0.1", port, path: url, method, headers: as?.auth ?? {}, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        const done = (cut: boolean) =>
          resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks), cut });
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => done(!res.complete));
        res.on("error", () => done(true));
        res.on("aborted", () => done(true));
      },
    );
    req.on("error", reject);
    // A response that is neither finished nor cut would otherwise hang the test until jest's timeout.
    req.setTimeout(10_000, () => req.destroy(new Error(`${method} ${url}: no end within 10 s`)));
    req.end();
  });
}
