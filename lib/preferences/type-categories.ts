/** The categories the admin is offered first; any other name works too. */
export const suggestedCategories = ["Activity", "Account & security", "Digests", "Marketing"] as const;

export const OTHER_CATEGORY = "Other";

/**
 * Types grouped by category for the preferences page: the suggested categories in their order,
 * then any others alphabetically, and uncategorised types last under "Other".
 */
export function groupByCategory<T extends { category: string | null }>(types: T[]): { category: string; types: T[] }[] {
  const groups = new Map<string, T[]>();
  for (const type of types) {
    const category = type.category ?? OTHER_CATEGORY;
    groups.set(category, [...(groups.get(category) ?? []), type]);
  }
  const rank = (category: string) => {
    if (category === OTHER_CATEGORY) return Number.MAX_SAFE_INTEGER;
    const index = (suggestedCategories as readonly string[]).indexOf(category);
    return index === -1 ? suggestedCategories.length : index;
  };
  return [...groups.entries()]
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
    .map(([category, list]) => ({ category, types: list }));
}
