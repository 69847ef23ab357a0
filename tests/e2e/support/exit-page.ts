import http from "node:http";
import type { AddressInfo } from "node:net";

export interface ExitPage {
  /** The page's address per country, for QUICK_EXIT_URL_DK/_SE/_NO. */
  urls: { dk: string; se: string; no: string };
  /** The QUICK_EXIT_URL_* variables pointing at this page. */
  env: Record<string, string>;
  /** Paths asked for so far. */
  visits: string[];
  close: () => Promise<void>;
}

/**
 * A neutral page on 127.0.0.1 for quick exit to land on, so a test needs no internet: the server
 * under test is started with QUICK_EXIT_URL_* pointing here.
 */
export async function startExitPage(): Promise<ExitPage> {
  const visits: string[] = [];
  const server = http.createServer((request, response) => {
    visits.push(request.url ?? "");
    response.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
    response.end("<!doctype html><title>Weather</title><p data-neutral-page>Weather for today</p>");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const urls = { dk: `${base}/dk`, se: `${base}/se`, no: `${base}/no` };
  return {
    urls,
    env: { QUICK_EXIT_URL_DK: urls.dk, QUICK_EXIT_URL_SE: urls.se, QUICK_EXIT_URL_NO: urls.no },
    visits,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
