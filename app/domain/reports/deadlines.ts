/** Which of the three configured figures applies: levels 5–6, 3–4, 1–2. */
export function levelBand(level: number): 0 | 1 | 2 {
  return level >= 5 ? 0 : level >= 3 ? 1 : 2;
}

const HOUR = 60 * 60 * 1000;

/** How long a report may wait for acknowledgement at each escalation stage. */
export function escalationDelayMs(level: number, hours: readonly [number, number, number]): number {
  return hours[levelBand(level)] * HOUR;
}

export function followUpMs(level: number, hours: readonly [number, number, number]): number {
  return hours[levelBand(level)] * HOUR;
}

/** Stages after receipt: 1 deputies, 2 parent unit, 3 administrators; 3 is the last. */
export const LAST_ESCALATION_STAGE = 3;
