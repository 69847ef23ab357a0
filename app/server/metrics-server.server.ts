import http from "node:http";
import { log } from "~/log.server";

export type MetricsSource = () => Promise<{ contentType: string; body: string }>;

/** A second listener that serves only GET /metrics, without a token: keep it off public interfaces. */
export async function startMetricsServer(port: number, host: string, metrics: MetricsSource): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const pathname = (req.url ?? "/").split("?")[0];
    if (pathname !== "/metrics" || (req.method !== "GET" && req.method !== "HEAD")) {
      res.writeHead(404, { "Content-Type": "text/plain" }).end("Not found.\n");
      return;
    }
    metrics().then(
      ({ contentType, body }) => res.writeHead(200, { "Content-Type": contentType, "Cache-Control": "no-store" }).end(req.method === "HEAD" ? undefined : body),
      (error: unknown) => {
        log.error({ err: error }, "metrics: scrape failed");
        res.writeHead(500, { "Content-Type": "text/plain" }).end("Metrics failed.\n");
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  server.unref();
  return server;
}
