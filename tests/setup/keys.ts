import { randomBytes } from "node:crypto";

// The server key ring of this test process (getKeyRing reads it), so no test writes a dev key file.
process.env.ENCRYPTION_KEYS ??= `test:${randomBytes(32).toString("base64")}`;
