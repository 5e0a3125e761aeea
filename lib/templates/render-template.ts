import { Liquid, LiquidError } from "liquidjs";
import type { Channel } from "@/lib/db/schema";

// Two engines: HTML email bodies escape every output by default (so `{{ comment }}` cannot
// inject markup), everything else is plain text. Both fail on unknown variables and filters
// rather than rendering an empty hole into a message someone will read.
const options = { strictVariables: true, strictFilters: true, ownPropertyOnly: true } as const;
const html = new Liquid({ ...options, outputEscape: "escape" });
const text = new Liquid(options);

/** Fields whose value is HTML: escaped output. */
const isHtmlField = (channel: Channel, field: string) => channel === "email" && field === "html";

const engineFor = (channel: Channel, field: string) => (isHtmlField(channel, field) ? html : text);

// Every delivery renders the same few templates: parse each source once per engine. (Liquid's
// own `cache` option only covers templates loaded from files.) Bounded: cleared when full.
const parsed = new Map<string, ReturnType<Liquid["parse"]>>();
function parseCached(engine: Liquid, source: string) {
  const key = `${engine === html ? "h" : "t"}:${source}`;
  let template = parsed.get(key);
  if (!template) {
    template = engine.parse(source);
    if (parsed.size >= 500) parsed.clear();
    parsed.set(key, template);
  }
  return template;
}

export type TemplateContent = Record<string, string>;

export type TemplateIssue = { field: string; line: number; column: number; message: string };

export class TemplateRenderError extends Error {
  constructor(readonly issues: TemplateIssue[]) {
    super(issues.map((i) => `${i.field} ${i.line}:${i.column} ${i.message}`).join("; "));
    this.name = "TemplateRenderError";
  }
}

function issueFrom(field: string, error: unknown): TemplateIssue {
  if (error instanceof LiquidError) {
    const token = (error as LiquidError & { token?: { getPosition?: () => [number, number] } }).token;
    const [line = 1, column = 1] = token?.getPosition?.() ?? [];
    return { field, line, column, message: error.message.replace(/, line:\d+, col:\d+$/, "") };
  }
  return { field, line: 1, column: 1, message: error instanceof Error ? error.message : String(error) };
}

/** Renders every field of a channel's template with `data`; throws with all problems found. */
export function renderTemplate(channel: Channel, content: TemplateContent, data: Record<string, unknown>): TemplateContent {
  const out: TemplateContent = {};
  const issues: TemplateIssue[] = [];
  for (const [field, source] of Object.entries(content)) {
    try {
      const engine = engineFor(channel, field);
      out[field] = engine.renderSync(parseCached(engine, source), data);
    } catch (error) {
      issues.push(issueFrom(field, error));
    }
  }
  if (issues.length > 0) throw new TemplateRenderError(issues);
  return out;
}

/**
 * Checks a template before it is saved: syntax errors, and — when the type declares its
 * variables — references to anything else, each with its line and column.
 */
export function validateTemplate(channel: Channel, content: TemplateContent, knownVariables?: string[]): TemplateIssue[] {
  const issues: TemplateIssue[] = [];
  for (const [field, source] of Object.entries(content)) {
    const engine = engineFor(channel, field);
    try {
      const parsed = engine.parse(source);
      if (!knownVariables) continue;
      const { globals } = engine.analyzeSync(parsed);
      for (const [name, uses] of Object.entries(globals)) {
        if (knownVariables.includes(name)) continue;
        for (const use of uses) {
          issues.push({ field, line: use.location.row, column: use.location.col, message: `unknown variable "${name}"` });
        }
      }
    } catch (error) {
      issues.push(issueFrom(field, error));
    }
  }
  return issues;
}
