import type { AppLoadContext, ServerBuild } from "@remix-run/node";
import { createRequestHandler as createRemixHandler, writeReadableStreamToWritable } from "@remix-run/node";
import { createRequestHandler } from "@remix-run/express";
import type { Request as ExpressRequest, RequestHandler, Response as ExpressResponse } from "express";
import { bodyLimitFor, discardRest, readLimitedBody, streamOfChunks, UploadGate, FORM_BODY_BYTES } from "./body-limit.server";

export interface RemixHandlerOptions {
  build: ServerBuild;
  getLoadContext: (req: ExpressRequest, res: ExpressResponse) => AppLoadContext;
  /** Large bodies (file uploads) held in memory at once. */
  uploadsAtOnce: number;
  /** How long an upload may wait for its turn before it is answered 503. */
  uploadWaitMs?: number;
}

/** Node's request headers as Fetch headers (the Express adapter's rule). */
function createRemixHeaders(requestHeaders: ExpressRequest["headers"]): Headers {
  const headers = new Headers();
  for (const [key, values] of Object.entries(requestHeaders)) {
    if (Array.isArray(values)) for (const value of values) headers.append(key, value);
    else if (values) headers.set(key, values);
  }
  return headers;
}

/** Writes a Fetch response to Express (the Express adapter's rule). */
async function sendRemixResponse(res: ExpressResponse, response: Response): Promise<void> {
  res.statusMessage = response.statusText;
  res.status(response.status);
  for (const [key, value] of response.headers.entries()) res.append(key, value);
  if (response.body) await writeReadableStreamToWritable(response.body, res);
  else res.end();
}

/** The URL Remix would build for this request (the Express adapter's rule, trust setting included). */
function urlOf(req: ExpressRequest): string {
  const portOf = (value: string | undefined) => Number.parseInt(value?.split(":")[1] ?? "", 10);
  const port = [portOf(req.get("X-Forwarded-Host")), portOf(req.get("Host"))].find(Number.isSafeInteger);
  return `${req.protocol}://${req.hostname}${port ? `:${port}` : ""}${req.originalUrl}`;
}

/**
 * Remix behind Express, with every request body capped while it streams in: GET and HEAD go to
 * Remix's adapter as they are; any other method has its body read under the limit of its route
 * (bodyLimitFor), large ones one gate place each, and only then reaches Remix. A body over its
 * limit gets the page it was sent to, with the translated "too large" summary, as a 413.
 */
export function remixHandler(options: RemixHandlerOptions): RequestHandler {
  const adapter = createRequestHandler({ build: options.build, mode: "production", getLoadContext: options.getLoadContext });
  const handle = createRemixHandler(options.build, "production");
  const gate = new UploadGate(options.uploadsAtOnce);

  const tooLarge = async (req: ExpressRequest, res: ExpressResponse, limit: number) => {
    discardRest(req, 2 * limit);
    const headers = createRemixHeaders(req.headers);
    for (const name of ["content-type", "content-length", "transfer-encoding"]) headers.delete(name);
    const page = await handle(new Request(urlOf(req), { method: "GET", headers }), { ...options.getLoadContext(req, res), bodyTooLarge: { limitBytes: limit } });
    res.setHeader("Connection", "close");
    await sendRemixResponse(res, new Response(page.body, { status: 413, headers: page.headers }));
  };

  return async (req, res, next) => {
    if (req.method === "GET" || req.method === "HEAD") return adapter(req, res, next);
    let release: (() => void) | undefined;
    try {
      const limit = bodyLimitFor(req.path, req.get("Content-Type"));
      if (limit > FORM_BODY_BYTES) {
        release = await gate.acquire(options.uploadWaitMs ?? 60_000);
        if (!release) {
          res.status(503).setHeader("Retry-After", "10").type("text/plain").send("Too many uploads at once: try again in a moment.\n");
          return;
        }
        res.once("close", release);
      }
      const body = await readLimitedBody(req, limit);
      if (!body.ok) {
        if (body.reason === "tooLarge") await tooLarge(req, res, limit);
        else res.destroy();
        return;
      }
      const controller = new AbortController();
      res.once("close", () => {
        if (!res.writableFinished) controller.abort();
      });
      const request = new Request(urlOf(req), {
        method: req.method,
        headers: createRemixHeaders(req.headers),
        body: body.bytes > 0 ? streamOfChunks(body.chunks) : null,
        signal: controller.signal,
        // Node's fetch needs it for a streamed body.
        duplex: "half",
      });
      await sendRemixResponse(res, await handle(request, options.getLoadContext(req, res)));
    } catch (error) {
      release?.();
      next(error);
    }
  };
}
