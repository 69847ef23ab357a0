import type { IncomingMessage } from "node:http";
import { MAX_REPORT_BODY_BYTES } from "~/domain/reports/upload.server";

/** A plain form (login, message, event, administration): far more than any of them needs. */
export const FORM_BODY_BYTES = 256 * 1024;

/** The forms that take files: the report, and the reporter's update on the status page. */
const UPLOAD_PATH = /^\/(da|sv|nb)\/report(\/status)?\/?$/;

/** How many bytes a request to this path, of this type, may send. */
export function bodyLimitFor(path: string, contentType: string | undefined): number {
  return UPLOAD_PATH.test(path) && /^multipart\/form-data\b/i.test(contentType ?? "") ? MAX_REPORT_BODY_BYTES : FORM_BODY_BYTES;
}

export type LimitedBody = { ok: true; chunks: Buffer[]; bytes: number } | { ok: false; reason: "tooLarge" | "aborted" };

/**
 * Reads a request body into memory, never more than `limit` bytes: a declared Content-Length over
 * the limit is refused before a byte is read, and a chunked (or otherwise undeclared) body is
 * counted as it arrives and refused the moment it passes the limit. Nothing past the limit is kept.
 */
export function readLimitedBody(req: IncomingMessage, limit: number): Promise<LimitedBody> {
  const declared = req.headers["content-length"];
  if (declared !== undefined && Number(declared) > limit) return Promise.resolve({ ok: false, reason: "tooLarge" });
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    let settled = false;
    const finish = (result: LimitedBody) => {
      if (settled) return;
      settled = true;
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
      req.off("close", onAborted);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > limit) {
        chunks.length = 0;
        req.pause();
        finish({ ok: false, reason: "tooLarge" });
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => finish({ ok: true, chunks, bytes });
    const onError = () => finish({ ok: false, reason: "aborted" });
    const onAborted = () => {
      if (!req.complete) finish({ ok: false, reason: "aborted" });
    };
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
    req.on("close", onAborted);
  });
}

/** A body read whole, handed on as a stream that lets go of each chunk once it is read. */
export function streamOfChunks(chunks: Buffer[]): ReadableStream<Uint8Array> {
  let index = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (index >= chunks.length) {
        controller.close();
        return;
      }
      const chunk = chunks[index]!;
      chunks[index++] = Buffer.alloc(0);
      controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    },
  });
}

/**
 * After a refusal, the rest of a body is read and thrown away (so that the browser, still
 * sending, receives the answer), up to a bound; past it, or after a while, the connection closes.
 */
export function discardRest(req: IncomingMessage, maxBytes: number, maxMs = 15_000): void {
  let seen = 0;
  const timer = setTimeout(() => req.socket.destroy(), maxMs);
  timer.unref();
  req.on("data", (chunk: Buffer) => {
    seen += chunk.length;
    if (seen > maxBytes) req.socket.destroy();
  });
  req.on("end", () => clearTimeout(timer));
  req.on("close", () => clearTimeout(timer));
  req.resume();
}

/**
 * At most `size` large bodies held in memory at once; the others wait their turn (their senders
 * are slowed by TCP meanwhile, as nothing is read from them), up to `waitMs`.
 */
export class UploadGate {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly size: number) {}

  /** A release function, or undefined when no place came free within `waitMs`. */
  acquire(waitMs: number): Promise<(() => void) | undefined> {
    const release = () => {
      let released = false;
      return () => {
        if (released) return;
        released = true;
        const next = this.waiting.shift();
        if (next) next();
        else this.active--;
      };
    };
    if (this.active < this.size) {
      this.active++;
      return Promise.resolve(release());
    }
    return new Promise((resolve) => {
      const grant = () => {
        clearTimeout(timer);
        resolve(release());
      };
      const timer = setTimeout(() => {
        const at = this.waiting.indexOf(grant);
        if (at >= 0) this.waiting.splice(at, 1);
        resolve(undefined);
      }, waitMs);
      this.waiting.push(grant);
    });
  }

  get inUse(): number {
    return this.active;
  }
}
