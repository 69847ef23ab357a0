import { useHydrated } from "./useHydrated";

/** A print button, shown only once JavaScript runs (without it, the browser's own print works). */
export function PrintButton({ label, className = "button--secondary" }: { label: string; className?: string }) {
  const hydrated = useHydrated();
  if (!hydrated) return null;
  return (
    <p className="no-print">
      <button type="button" className={className} onClick={() => window.print()}>
        {label}
      </button>
    </p>
  );
}
