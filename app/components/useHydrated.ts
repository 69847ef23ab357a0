import { useSyncExternalStore } from "react";

// Nothing to subscribe to: the answer only changes once, between the server's render and the browser's.
const subscribe = () => () => {};

/**
 * False on the server and in the render that hydrates the page; true once JavaScript runs in the
 * browser (at once for a component first mounted after hydration).
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}
