/**
 * Local stand-ins for the outside providers, started by the tests themselves: one HTTP server that plays
 * the Telegram Bot API, the WhatsApp Cloud API, a push service and a webhook receiver; and an SMTP server.
 */
import http from "node:http";
import { createHmac, timingSafeEqual } from "node:crypto";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

export type Recorded = {
  path: string;
  headers: http.IncomingHttpHeaders;
  raw: Buffer;
  json: unknown;
  at: number;
};
/** What the stand-in answers to the next request on a path prefix; `hang` never answers. */
export type Answer = {
  status?: number;
  body?: string | object;
  headers?: Record<string, string>;
  hang?: boolean;
};

export type ProviderStandIn = {
  url: string;
  requests: Recorded[];
  /** Answers to give, in order, to requests whose path starts with `prefix`; after them, the defaults. */
  script(prefix: string, answers: Answer[]): void;
  /** While down, every request gets this answer (e.g. 503); undefined: back up. */
  setDown(answer: Answer | undefined): void;
  on(prefix: string): Recorded[];
  close(): Promise<void>;
};

/** `seq`: the request's place in the stand-in's record (1 for the first), which Telegram's answer uses as message_id. */
function defaultAnswer(path: string, seq: number): Answer {
  if (/^\/bot[^/]+\/sendMessage$/.test(path)) {
    return { status: 200, body: { ok: true, result: { message_id: seq } } };
  }
  if (/\/messages$/.test(path)) {
    return {
      status: 200,
      body: { messaging_product: "whatsapp", messages: [{ id: `wamid.${Date.now()}` }] },
    };
  }
  if (path.startsWith("/push/")) return { status: 201, body: "" };
  return { status: 200, body: { received: true } };
}

export async function startProviderStandIn(): Promise<ProviderStandIn> {
  const requests: Recorded[] = [];
  const scripts = new Map<string, Answer[]>();
  let down: Answer | undefined;
  const hanging = new Set<http.ServerResponse>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks);
      let json: unknown;
      try {
        json = JSON.parse(raw.toString("utf8"));
      } catch {
        json = undefined;
      }
      const path = req.url ?? "/";
      requests.push({ path, headers: req.headers, raw, json, at: Date.now() });
      let answer = down;
      if (!answer) {
        for (const [prefix, queue] of scripts) {
          if (path.startsWith(prefix) && queue.length > 0) {
            answer = queue.shift();
            break;
          }
        }
      }
      answer ??= defaultAnswer(path, requests.length);
      if (answer.hang) {
        hanging.add(res);
        return;
      }
      const body = typeof answer.body === "string" ? answer.body : JSON.stringify(answer.body ?? {});
      res.writeHead(answer.status ?? 200, { "Content-Type": "application/json", ...answer.headers });
      res.end(body);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    script: (prefix, answers) => scripts.set(prefix, [...(scripts.get(prefix) ?? []), ...answers]),
    setDown: (a) => (down = a),
    on: (prefix) => requests.filter((r) => r.path.startsWith(prefix)),
    close: async () => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/** What a webhook receiver does: checks `X-Parley-Signature` over "t.rawBody" and the timestamp's age. */
export function verifySignature(
  secret: string,
  header: string | undefined,
  raw: Buffer,
  toleranceS = 300,
): boolean {
  const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header ?? "");
  if (!m) return false;
  const t = Number(m[1]);
  if (Math.abs(Date.now() / 1000 - t) > toleranceS) return false;
  const expected = createHmac("sha256", secret).update(`${m[1]}.`).update(raw).digest();
  return timingSafeEqual(expected, Buffer.from(m[2]!, "hex"));
}

/** `raw` with quoted-printable soft breaks and escapes undone (enough to search the bodies). */
/** `queueId`: what the stand-in answered the DATA with ("250 OK: queued as <queueId>", as Postfix says). */
export type Mail = { from: string; to: string[]; raw: string; queueId: string };

function decodeQuotedPrintable(raw: string): string {
  const joined = raw.replace(/=\r?\n/g, "");
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i++) {
    const m = /^=([0-9A-F]{2})/.exec(joined.slice(i, i + 3));
    if (m) {
      bytes.push(parseInt(m[1]!, 16));
      i += 2;
    } else bytes.push(...Buffer.from(joined[i]!, "utf8"));
  }
  return Buffer.from(bytes).toString("utf8");
}
export type SmtpStandIn = { url: string; mails: Mail[]; close(): Promise<void> };

/**
 * `onMail` hears of each mail as it arrives (the benchmark times them). Like a real server, it refuses a
 * recipient it has no mailbox for: any address starting with "nobody-" gets 550 at RCPT TO. One starting
 * with "busy-" gets 450 (try again later) the first time, as a full mailbox or greylisting would answer.
 */
export async function startSmtpStandIn(onMail?: (mail: Mail) => void): Promise<SmtpStandIn> {
  const mails: Mail[] = [];
  const deferred = new Set<string>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onRcptTo(address, _session, callback) {
      const to = address.address;
      if (to.startsWith("busy-") && !deferred.has(to)) {
        deferred.add(to);
        return callback(Object.assign(new Error("4.2.2 Mailbox busy, try later"), { responseCode: 450 }));
      }
      if (!to.startsWith("nobody-")) return callback();
      const refused = Object.assign(new Error("5.1.1 No such mailbox here"), { responseCode: 550 });
      callback(refused);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const mail = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: decodeQuotedPrintable(Buffer.concat(chunks).toString("utf8")),
          queueId: `Q${mails.length + 1}`,
        };
        mails.push(mail);
        onMail?.(mail);
        callback(null, `OK: queued as ${mail.queueId}`);
      });
    },
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** Polls `probe` until it returns a value other than undefined/false, or fails after `timeoutMs`. */
export async function eventually<T>(
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  what: string,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
