import { useEffect, useRef } from "react";

/**
 * For what replaces a form after it is sent (a receipt, a confirmation): focus moves to it, so
 * keyboard and screen reader users are not left on a button that no longer exists (WCAG 2.4.3).
 * The element needs tabIndex={-1}. Without JavaScript the page loads anew and starts at the top.
 */
export function useFocusOnMount<Element extends HTMLElement>() {
  const ref = useRef<Element>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return ref;
}
