import { describe, expect, it } from "vitest";
import { eventSchemaWith } from "~/domain/events/event-forms";

const now = new Date("2026-12-03T10:00:00Z");
const valid = {
  titleNb: "Informasjonsmøte for valgstyrene",
  timeZone: "Europe/Oslo",
  date: "2026-12-20",
  startTime: "12:00",
  endTime: "13:00",
  audience: ["election-officials"],
  capacity: "200",
  deadlineDate: "2026-12-19",
  deadlineTime: "12:00",
  joinUrl: "https://meet.example.org/room",
};
const errorsOf = (value: Record<string, unknown>, rules: Parameters<typeof eventSchemaWith>[0] = { now }) => {
  const result = eventSchemaWith(rules).safeParse(value);
  return result.success ? {} : Object.fromEntries(result.error.issues.map((issue) => [issue.path.join("."), issue.message]));
};

describe("the organizer's event rules", () => {
  it("accept an upcoming event", () => {
    expect(errorsOf(valid)).toEqual({});
  });

  it("show every cross-field error together with the plain field errors", () => {
    const errors = errorsOf({ ...valid, endTime: "11:00", deadlineDate: "2026-12-21", joinUrl: "http://insecure.example", capacity: "0", audience: [] });
    expect(errors).toEqual({ endTime: "errors.endBeforeStart", deadlineDate: "errors.deadlineAfterStart", joinUrl: "errors.httpsUrl", capacity: "errors.number", audience: "errors.chooseAtLeastOne" });
  });

  it("refuse an event dated in the past and a deadline that has passed", () => {
    expect(errorsOf({ ...valid, date: "2026-11-03", deadlineDate: "2026-11-01" })).toEqual({ date: "errors.eventInPast", deadlineDate: "errors.deadlinePassed" });
    // Today, an hour ago in Oslo (UTC+1): past.
    expect(errorsOf({ ...valid, date: "2026-12-03", startTime: "10:00", endTime: "12:00", deadlineDate: "2026-12-03", deadlineTime: "09:00" })).toEqual({ date: "errors.eventInPast", deadlineDate: "errors.deadlinePassed" });
  });

  it("on edit, let a past event keep its times, and an upcoming one keep a deadline that has passed", () => {
    expect(errorsOf({ ...valid, date: "2026-11-03", deadlineDate: "2026-11-01" }, { now, alreadyPast: true })).toEqual({});
    const storedDeadline = new Date("2026-12-01T11:00:00Z"); // 12:00 in Oslo
    expect(errorsOf({ ...valid, deadlineDate: "2026-12-01" }, { now, storedDeadline })).toEqual({});
    expect(errorsOf({ ...valid, deadlineDate: "2026-12-02" }, { now, storedDeadline })).toEqual({ deadlineDate: "errors.deadlinePassed" });
  });

  it("need a title in at least one language", () => {
    expect(errorsOf({ ...valid, titleNb: "" })).toEqual({ titleDa: "errors.oneTitle" });
  });
});
