import { useBeforeUnload, useBlocker } from "@remix-run/react";
import { useCallback, useEffect, useRef } from "react";

// Quick exit must never be held up by a "leave this page?" prompt: it calls releaseLeaveGuards()
// before it navigates, and every guard checks this flag first.
let quickExiting = false;

/** Turns every leave guard off for good in this page: quick exit is leaving. */
export function releaseLeaveGuards() {
  quickExiting = true;
}

/**
 * While `active`, leaving the page asks first: the browser's own prompt when the tab is closed,
 * reloaded or a plain link followed (beforeunload), and `confirm(message)` for Remix's client
 * navigations. Quick exit skips both.
 */
export function useLeaveGuard(active: boolean, message: string) {
  const armed = useRef(active);
  useEffect(() => {
    armed.current = active;
  }, [active]);
  useBeforeUnload(
    useCallback((event: BeforeUnloadEvent) => {
      if (!armed.current || quickExiting) return;
      event.preventDefault();
      // Older browsers show the prompt only when returnValue is set.
      event.returnValue = "";
    }, []),
    { capture: true },
  );
  const blocker = useBlocker(({ currentLocation, nextLocation }) => armed.current && !quickExiting && (currentLocation.pathname !== nextLocation.pathname || currentLocation.search !== nextLocation.search));
  useEffect(() => {
    if (blocker.state !== "blocked") return;
    if (quickExiting || window.confirm(message)) blocker.proceed();
    else blocker.reset();
  }, [blocker, message]);
}
