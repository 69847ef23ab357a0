import source from "~/service-worker/sw.js?raw";

/** The service worker, served from the root so that its scope covers every locale. */
export function loader() {
  return new Response(source, {
    headers: {
      "Content-Type": "text/javascript; charset=utf-8",
      // Browsers check for a new worker on navigation; never let a stale one stick.
      "Cache-Control": "no-cache",
    },
  });
}
