import { describe, expect, it } from "vitest";
import { count, dropOff, duration, onTheMap, percent } from "./discoveredFormat";

describe("an event log's discovery, in words", () => {
  it("writes counts with separators and shares as percentages", () => {
    expect(count(13992)).toBe("13,992");
    expect(percent(0.80244)).toBe("80.2 %");
    expect(percent(null)).toBe("—");
  });

  it("writes durations in the unit a reader expects", () => {
    expect(duration(21)).toBe("21 s");
    expect(duration(720)).toBe("12 min");
    expect(duration(5.5 * 3600)).toBe("5.5 h");
    expect(duration(110213)).toBe("1.3 days");
    expect(duration(86400)).toBe("1 day");
    expect(duration(30 * 86400)).toBe("30 days");
    expect(duration(null)).toBe("—");
    expect(duration(Number.NaN)).toBe("—");
  });

  it("says the drop-off with its share of the step before, never a signed zero", () => {
    expect(dropOff(519, 2627)).toBe("519 (19.8 %)");
    expect(dropOff(0, 2627)).toBe("0");
    expect(dropOff(-0, 10)).toBe("0");
    expect(dropOff(-12, 100)).toBe("+12 by another way");
    expect(dropOff(0, null)).toBe("—");
  });

  it("finds the map's step an activity names, by label or id, case and spacing ignored", () => {
    const elements = [
      { id: "s-calc", label: "Borrowing calculator" },
      { id: "valuation", label: "Property valued" },
      { id: "aip", label: "Get agreement in principle" },
      { id: "pay", label: "Pay" },
    ];
    expect(onTheMap("borrowing  Calculator", elements)).toBe("Borrowing calculator");
    expect(onTheMap("Valuation", elements)).toBe("Property valued");
    expect(onTheMap("Offer letter", elements)).toBeNull();
    // a name inside a longer one, when it is not too short to mean anything
    expect(onTheMap("Agreement in principle", elements)).toBe("Get agreement in principle");
    expect(onTheMap("Payment received", elements)).toBeNull();
    expect(onTheMap("", elements)).toBeNull();
  });
});
