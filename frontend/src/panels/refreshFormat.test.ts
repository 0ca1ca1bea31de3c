import { describe, expect, it } from "vitest";
import { changeText, sourceText, summary, value } from "./refreshFormat";

describe("a refresh of a map's evidence, in words", () => {
  it("writes values as the map shows them", () => {
    expect(value(7.5)).toBe("7.5");
    expect(value(5.561)).toBe("5.56");
    expect(value(6)).toBe("6");
    expect(value(null)).toBe("—");
    expect(value(Number.NaN)).toBe("—");
  });

  it("says what changed, old → new, and what was read", () => {
    const change = { element: "apply", kind: "step", field: "emotion", old: null, new: 7.5, source: "crm" };
    expect(changeText(change)).toBe("step apply · emotion: — → 7.5");
    expect(changeText({ ...change, kind: "touchpoint", element: "web", field: "satisfaction", old: 5, new: 7.48 })).toBe(
      "touchpoint web · satisfaction: 5 → 7.48",
    );
    const source = { name: "crm", kind: "postgres", read_with: "survey_answers", rows: 1204 };
    expect(sourceText(source)).toBe("crm (postgres, survey_answers): 1,204 rows");
    expect(sourceText({ ...source, rows: 1 })).toBe("crm (postgres, survey_answers): 1 row");
    expect(summary([change], [source])).toBe("Refreshed from crm: 1 value changed");
    expect(summary([], [source, { ...source, name: "q3" }])).toBe("Refreshed from crm, q3: no value changed");
  });
});
