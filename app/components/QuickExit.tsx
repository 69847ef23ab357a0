import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { releaseLeaveGuards } from "./leave-guard";

const SHIFT_TAPS = 3;
const SHIFT_WINDOW_MS = 1000;

/** Leave at once: replace this page (and its history entry) with a neutral site. */
function leave(url: string) {
  // No "leave this page?" prompt (the receipt asks one) may hold the exit back.
  releaseLeaveGuards();
  document.title = "";
  document.body.innerHTML = "";
  window.location.replace(url);
}

/**
 * Counts bare taps of Shift: Shift pressed and released with no other key in between. Any other
 * key (a capital letter typed with Shift held, say) starts the count again, so typing never
 * leaves the page. Three taps within a second do.
 */
export function shiftTapCounter(taps = SHIFT_TAPS, windowMs = SHIFT_WINDOW_MS) {
  let times: number[] = [];
  let shiftAlone = false;
  return {
    keydown(key: string, repeat: boolean) {
      if (key === "Shift") {
        if (!repeat) shiftAlone = true;
        return;
      }
      shiftAlone = false;
      times = [];
    },
    /** True when this release completes the taps. */
    keyup(key: string, at: number): boolean {
      if (key !== "Shift") return false;
      if (!shiftAlone) {
        times = [];
        return false;
      }
      shiftAlone = false;
      times = [...times.filter((time) => at - time < windowMs), at];
      if (times.length < taps) return false;
      times = [];
      return true;
    },
  };
}

/**
 * A link to a neutral site that works without JavaScript; with it, the click replaces the
 * history entry, and three bare taps of Shift do the same from anywhere.
 */
export function QuickExit({ url }: { url: string }) {
  const { t } = useTranslation();
  useEffect(() => {
    const counter = shiftTapCounter();
    const onKeyDown = (event: KeyboardEvent) => counter.keydown(event.key, event.repeat);
    const onKeyUp = (event: KeyboardEvent) => {
      if (counter.keyup(event.key, event.timeStamp)) leave(url);
    };
    // A click or a tap between the Shifts is not part of the gesture either.
    const onPointer = () => counter.keydown("Pointer", false);
    window.addEventListener("keydown", onKeyDown, true);
    window.addEventListener("keyup", onKeyUp, true);
    window.addEventListener("pointerdown", onPointer, true);
    return () => {
      window.removeEventListener("keydown", onKeyDown, true);
      window.removeEventListener("keyup", onKeyUp, true);
      window.removeEventListener("pointerdown", onPointer, true);
    };
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
