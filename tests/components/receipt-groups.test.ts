import { describe, expect, it } from "vitest";
import { receiptGroups } from "~/components/ReportReceipt";

describe("receipt groups", () => {
  it("splits a reference and a code after each hyphen, and joins back to the exact value", () => {
    expect(receiptGroups("TRG-7KQ4-M2XP")).toEqual(["TRG-", "7KQ4-", "M2XP"]);
    const code = "ABCD-EFGH-JKMN-PQRS-TUVW";
    expect(receiptGroups(code)).toEqual(["ABCD-", "EFGH-", "JKMN-", "PQRS-", "TUVW"]);
    for (const value of ["TRG-7KQ4-M2XP", code, "NOHYPHEN", "A--B", "-X-"]) expect(receiptGroups(value).join("")).toBe(value);
  });
});
