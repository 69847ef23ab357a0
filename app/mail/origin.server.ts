import { getConfig } from "~/config.server";

let listening: string | undefined;

/** Called once the server listens: its own address, for links in mail when PUBLIC_URL is unset (demo). */
export function setListeningOrigin(origin: string): void {
  listening = origin.replace(/\/$/, "");
}

/** The origin of links in mail: PUBLIC_URL, else this server's own address; never a request's Host header. */
export function mailOrigin(): string {
  const configured = getConfig().PUBLIC_URL;
  return (configured ?? listening ?? `http://localhost:${getConfig().PORT}`).replace(/\/$/, "");
}
