import { Liquid } from "liquidjs";

const engine = new Liquid();

/**
 * The top-level variables a template's fields use (`{{ author }}`, `{% if task %}`), sorted;
 * a field that does not parse contributes nothing (saving it reports the error).
 */
export function listTemplateVariables(content: Record<string, string>): string[] {
  const names = new Set<string>();
  for (const source of Object.values(content)) {
    try {
      for (const name of Object.keys(engine.analyzeSync(engine.parse(source)).globals)) names.add(name);
    } catch {
      // Invalid templates have no reliable variable list.
    }
  }
  return [...names].sort();
}
