import { getDatabase } from "~/db.server";

/** Readiness: the database answers within two seconds. */
export async function loader() {
  const headers = { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" };
  const ready = await getDatabase()
    .then((handle) => handle.ping(2000))
    .catch(() => false);
  return new Response(ready ? "ready\n" : "database unavailable\n", { status: ready ? 200 : 503, headers });
}
