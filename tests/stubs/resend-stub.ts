import http from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedMail {
  idempotencyKey: string | undefined;
  authorization: string | undefined;
  body: { from: string; to: string[]; subject: string; html: string; text: string; attachments?: Array<{ filename: string; content: string }> };
}

/**
 * A local stand-in for Resend's API: POST /emails answers like Resend (200 with an id), or with
 * the statuses queued in `failNext`. The real SDK is pointed at it through its base URL.
 * Like Resend, a repeated Idempotency-Key gets the first answer again and sends nothing: it is
 * counted in `repeats`, not added to `received`.
 */
export async function startResendStub() {
  const received: ReceivedMail[] = [];
  const failNext: number[] = [];
  const sentIds = new Map<string, string>();
  const repeats = new Map<string, number>();
  let counter = 0;
  const server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (chunk) => (raw += chunk));
    req.on("end", () => {
      if (req.method !== "POST" || req.url !== "/emails") {
        res.writeHead(404, { "Content-Type": "application/json" }).end(JSON.stringify({ name: "not_found", message: "Not found" }));
        return;
      }
      const status = failNext.shift();
      if (status) {
        res.writeHead(status, { "Content-Type": "application/json" }).end(JSON.stringify({ name: "application_error", message: "Stub failure", statusCode: status }));
        return;
      }
      const key = req.headers["idempotency-key"] as string | undefined;
      const earlier = key ? sentIds.get(key) : undefined;
      if (earlier) {
        repeats.set(key!, (repeats.get(key!) ?? 0) + 1);
        res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify({ id: earlier }));
        return;
      }
      const id = `stub-${++counter}`;
      if (key) sentIds.set(key, id);
      received.push({
        idempotencyKey: req.headers["idempotency-key"] as string | undefined,
        authorization: req.headers.authorization,
        body: JSON.parse(raw),
      });
      res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify({ id }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    failNext,
    repeats,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
