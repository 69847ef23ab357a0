import { useEffect } from "react";
import { useTranslation } from "react-i18next";

const SHIFT_PRESSES = 3;
const SHIFT_WINDOW_MS = 1500;

/** Leave at once: replace this page (and its history entry) with a neutral site. */
function leave(url: string) {
  document.title = "";
  document.body.innerHTML = "";
  window.location.replace(url);
}

/**
 * A link to a neutral site that works without JavaScript; with it, the click replaces the
 * history entry, and pressing Shift three times in a row does the same from anywhere.
 */
export function QuickExit({ url }: { url: string }) {
  const { t } = useTranslation();
  useEffect(() => {
    let presses: number[] = [];
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "Shift" || event.repeat) return;
      const now = Date.now();
      presses = [...presses.filter((at) => now - at < SHIFT_WINDOW_MS), now];
      if (presses.length >= SHIFT_PRESSES) leave(url);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [url]);

  return (
    <a
      className="quick-exit"
      href={url}
      rel="noreferrer"
      data-quick-exit=""
      onClick={(event) => {
        event.preventDefault();
        leave(url);
      }}
    >
      <span className="quick-exit__label">{t("quickExit.label")}</span>
      <span className="quick-exit__hint">{t("quickExit.hint")}</span>
    </a>
  );
}
