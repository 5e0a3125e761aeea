import { describe, expect, it } from "vitest";
import { groupByCategory } from "@/lib/preferences/type-categories";

describe("groupByCategory", () => {
  it("puts the suggested categories first in their order, others alphabetically, and uncategorised last", () => {
    const types = [
      { key: "a", category: null },
      { key: "b", category: "Marketing" },
      { key: "c", category: "Billing" },
      { key: "d", category: "Activity" },
      { key: "e", category: "Account & security" },
      { key: "f", category: "Activity" },
      { key: "g", category: "Audits" },
    ];
    expect(groupByCategory(types).map((g) => [g.category, g.types.map((t) => t.key)])).toEqual([
      ["Activity", ["d", "f"]],
      ["Account & security", ["e"]],
      ["Marketing", ["b"]],
      ["Audits", ["g"]],
      ["Billing", ["c"]],
      ["Other", ["a"]],
    ]);
  });

  it("answers no groups for no types", () => {
    expect(groupByCategory([])).toEqual([]);
  });
});
