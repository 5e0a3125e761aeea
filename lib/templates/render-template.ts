import { CaptureTag, Context, Liquid, LiquidError, Tag, toValue, toValueSync, type FS, type Template } from "liquidjs";
import type { Channel } from "@/lib/db/schema";
import { contentLimits, MAX_CONTENT_FIELD_LENGTH } from "@/lib/notifications/content-limits";

// Templates are written by API callers and admins, and rendered inside the server: they get no
// files, a bounded size, time and memory, and a bounded nesting depth. Each render of a field
// has its own budget; an ordinary message uses a tiny part of it.
const RENDER_MS = 100;
const MEMORY = 1_000_000;
const MAX_DEPTH = 32;

// No template may read the disk: the tags that load other templates are refused when parsed
// (with their position), and should any other path reach the loader, it finds and reads nothing.
const noFiles: FS = {
  exists: async () => false,
  existsSync: () => false,
  contains: async () => false,
  containsSync: () => false,
  readFile: async () => Promise.reject(new Error("templates cannot read files")),
  readFileSync: () => {
    throw new Error("templates cannot read files");
  },
  resolve: (_dir, file) => file,
};

type TagClass = Liquid["tags"][string];

const refused = (name: string): TagClass =>
  class extends Tag {
    constructor(...args: ConstructorParameters<TagClass>) {
      super(args[0], args[1], args[2]);
      throw new Error(`{% ${name} %} is not available: a template cannot load other templates or files`);
    }
    render() {}
  };

// Nested blocks are parsed by recursion: past a few thousand levels the stack overflows, at a
// depth that depends on the caller's stack. A fixed limit answers the same everywhere, with the
// position. Parsing is synchronous, so one counter serves every parse in the process.
let depth = 0;
const depthBounded = (Base: TagClass): TagClass =>
  new Proxy(Base, {
    construct(target, args) {
      if (depth >= MAX_DEPTH) throw new Error(`blocks are nested more than ${MAX_DEPTH} deep`);
      depth += 1;
      try {
        return Reflect.construct(target, args);
      } finally {
        depth -= 1;
      }
    },
  });

// Liquid charges filters, ranges and arrays to the memory budget but not text a capture builds,
// which can double on every loop iteration.
class ChargedCapture extends CaptureTag {
  override *render(ctx: Context): Generator<unknown, void, string> {
    yield* super.render(ctx);
    ctx.memoryLimit.use(String(ctx.bottom()[this.variable as keyof object] ?? "").length);
  }
}

function sandboxed(engine: Liquid): Liquid {
  engine.registerTag("capture", ChargedCapture);
  for (const name of ["include", "render", "layout"]) engine.registerTag(name, refused(name));
  for (const [name, tag] of Object.entries(engine.tags)) engine.registerTag(name, depthBounded(tag));
  return engine;
}

// Two engines: HTML email bodies escape every output by default (so `{{ comment }}` cannot
// inject markup), everything else is plain text. Both fail on unknown variables and filters
// rather than rendering an empty hole into a message someone will read.
const options = {
  strictVariables: true,
  strictFilters: true,
  ownPropertyOnly: true,
  fs: noFiles,
  relativeReference: false,
  root: [] as string[],
  parseLimit: MAX_CONTENT_FIELD_LENGTH,
  renderLimit: RENDER_MS,
  memoryLimit: MEMORY,
} as const;
const html = sandboxed(new Liquid({ ...options, outputEscape: "escape" }));
const text = sandboxed(new Liquid(options));

/** Fields whose value is HTML: escaped output. */
const isHtmlField = (channel: Channel, field: string) => channel === "email" && field === "html";

const engineFor = (channel: Channel, field: string) => (isHtmlField(channel, field) ? html : text);

// A long title is still a title once cut; a cut body, link or HTML document is a broken message.
const truncatedFields = new Set(["title", "subject"]);

const limitOf = (channel: Channel, field: string): number =>
  (contentLimits as Partial<Record<Channel, Record<string, number>>>)[channel]?.[field] ?? MAX_CONTENT_FIELD_LENGTH;

function truncate(value: string, limit: number): string {
  let cut = value.slice(0, limit - 1);
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut}…`;
}

// Every delivery renders the same few templates: parse each source once per engine. (Liquid's
// own `cache` option only covers templates loaded from files.) Bounded: cleared when full.
const parsed = new Map<string, Template[]>();
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

const stringify = (value: unknown): string => {
  const v = toValue(value);
  return typeof v === "string" ? v : v == null ? "" : Array.isArray(v) ? v.map(stringify).join("") : String(v);
};

/** Renders with the output itself charged to the memory budget, so no loop can print without bound. */
function renderBounded(engine: Liquid, template: Template[], data: Record<string, unknown>): string {
  const ctx = new Context(data, engine.options, { sync: true }, { liquid: engine });
  const emitter = {
    buffer: "",
    write(value: unknown) {
      const s = stringify(value);
      ctx.memoryLimit.use(s.length);
      this.buffer += s;
    },
  };
  toValueSync(engine.renderer.renderTemplates(template, ctx, emitter));
  return emitter.buffer;
}

export type TemplateContent = Record<string, string>;

/** A problem in one field; the position is absent when it is about the whole output. */
export type TemplateIssue = { field: string; line?: number; column?: number; message: string };

export class TemplateRenderError extends Error {
  constructor(readonly issues: TemplateIssue[]) {
    super(issues.map((i) => (i.line ? `${i.field} ${i.line}:${i.column} ${i.message}` : `${i.field}: ${i.message}`)).join("; "));
    this.name = "TemplateRenderError";
  }
}

// Liquid's limit messages name its internals; say what the template did instead.
const clearer: Record<string, string> = {
  "parse length limit exceeded": `the template is longer than ${MAX_CONTENT_FIELD_LENGTH.toLocaleString("en")} characters`,
  "template render limit exceeded": `the template took longer than ${RENDER_MS} ms to render (a loop too large?)`,
  "memory alloc limit exceeded": `the template builds too much: more than ${MEMORY.toLocaleString("en")} characters or items (a loop or capture too large?)`,
  "Maximum call stack size exceeded": `blocks are nested too deep`,
};

function issueFrom(field: string, error: unknown): TemplateIssue {
  const message = error instanceof Error ? error.message.replace(/, line:\d+, col:\d+$/, "") : String(error);
  const clear = clearer[message] ?? message;
  if (error instanceof LiquidError) {
    const token = (error as LiquidError & { token?: { getPosition?: () => [number, number] } }).token;
    const [line = 1, column = 1] = token?.getPosition?.() ?? [];
    return { field, line, column, message: clear };
  }
  return { field, line: 1, column: 1, message: clear };
}

/**
 * Renders every field of a channel's template with `data`; throws with all problems found.
 * Output longer than the field allows is cut (titles, subjects) or an error (everything else).
 */
export function renderTemplate(channel: Channel, content: TemplateContent, data: Record<string, unknown>): TemplateContent {
  const out: TemplateContent = {};
  const issues: TemplateIssue[] = [];
  for (const [field, source] of Object.entries(content)) {
    let rendered: string;
    try {
      const engine = engineFor(channel, field);
      rendered = renderBounded(engine, parseCached(engine, source), data);
    } catch (error) {
      issues.push(issueFrom(field, error));
      continue;
    }
    const limit = limitOf(channel, field);
    if (rendered.length <= limit) out[field] = rendered;
    else if (truncatedFields.has(field)) out[field] = truncate(rendered, limit);
    else issues.push({ field, message: `renders to ${rendered.length.toLocaleString("en")} characters; at most ${limit.toLocaleString("en")} are allowed` });
  }
  if (issues.length > 0) throw new TemplateRenderError(issues);
  return out;
}

/**
 * Checks a template before it is saved or accepted: syntax errors, tags a template may not use,
 * and — when the type declares its variables — references to anything else, each with its line
 * and column.
 */
export function validateTemplate(channel: Channel, content: TemplateContent, knownVariables?: string[]): TemplateIssue[] {
  const issues: TemplateIssue[] = [];
  for (const [field, source] of Object.entries(content)) {
    const engine = engineFor(channel, field);
    try {
      const parsed = parseCached(engine, source);
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
