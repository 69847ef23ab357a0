#!/usr/bin/env node
// Run by `npm install` / `npm ci` (package.json "postinstall"); safe to run again.
//
// postgres.js 3.4.9 crashes the whole process when a query is sent on a connection PostgreSQL has
// just closed (during a database restart, say): `socket.write` on a socket that `closed()` has set
// to null, thrown from a setImmediate callback where no caller can catch it (porsager/postgres
// #1066, #1154, #1208; fixes proposed in #1168 and #1209, not released). A transaction is the
// usual way to get there: its connection dies between two of its queries, and the next one is
// written to nothing. This patch rejects such a query at once with CONNECTION_CLOSED, like the
// driver's other closed-connection errors, and never writes to a missing socket. The fault test
// tests/faults/postgres-restart.test.ts stops PostgreSQL under load to prove it.
import fs from "node:fs";
import path from "node:path";

const marker = "trygg-patch: closed socket";
const root = path.resolve(import.meta.dirname, "../../node_modules/postgres");
const edits = [
  {
    find: "  function execute(q) {\n    if (terminated)",
    replace: `  function execute(q) {\n    if (!socket) // ${marker}\n      return queryError(q, Errors.connection('CONNECTION_CLOSED', options))\n\n    if (terminated)`,
  },
  {
    find: "  function nextWrite(fn) {\n    const x = socket.write(chunk, fn)",
    replace: `  function nextWrite(fn) {\n    if (!socket) { // ${marker}\n      nextWriteTimer !== null && clearImmediate(nextWriteTimer)\n      chunk = nextWriteTimer = null\n      return false\n    }\n    const x = socket.write(chunk, fn)`,
  },
];

const version = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")).version;
if (version !== "3.4.9") {
  console.warn(`db/patches: postgres is ${version}, not 3.4.9; check whether the closed-socket fix is released and drop this patch.`);
}
for (const flavour of ["src", "cjs/src", "cf/src"]) {
  const file = path.join(root, flavour, "connection.js");
  if (!fs.existsSync(file)) continue;
  let source = fs.readFileSync(file, "utf8");
  if (source.includes(marker)) continue;
  for (const edit of edits) {
    if (!source.includes(edit.find)) throw new Error(`db/patches: ${file} has changed; the closed-socket patch no longer applies.`);
    source = source.replace(edit.find, edit.replace);
  }
  fs.writeFileSync(file, source);
}
