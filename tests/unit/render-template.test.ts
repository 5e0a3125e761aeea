import { describe, expect, it } from "vitest";
import { renderTemplate, TemplateRenderError, validateTemplate } from "@/lib/templates/render-template";

describe("templates", () => {
  it("escape HTML in email bodies but not in plain-text fields", () => {
    const data = { author: "Bob <script>alert(1)</script>", excerpt: "5 > 3 & fine" };
    const email = renderTemplate("email", { subject: "{{ author }} commented", html: "<p>{{ author }}: {{ excerpt }}</p>" }, data);
    expect(email.html).toBe("<p>Bob &lt;script&gt;alert(1)&lt;/script&gt;: 5 &gt; 3 &amp; fine</p>");
    expect(email.subject).toBe("Bob <script>alert(1)</script> commented");
    expect(renderTemplate("sms", { body: "{{ excerpt }}" }, data).body).toBe("5 > 3 & fine");
  });

  it("fail on unknown variables and filters instead of rendering holes", () => {
    expect(() => renderTemplate("in_app", { title: "Hi {{ nmae }}" }, { name: "A" })).toThrow(TemplateRenderError);
    try {
      renderTemplate("in_app", { title: "ok", body: "line one\n  {{ name | shout }}" }, { name: "A" });
      expect.unreachable();
    } catch (error) {
      const issues = (error as TemplateRenderError).issues;
      expect(issues).toHaveLength(1);
      expect(issues[0]).toMatchObject({ field: "body", line: 2 });
      expect(issues[0]!.message).toMatch(/shout/);
    }
  });

  it("report syntax errors and unknown variables with line and column on save", () => {
    expect(validateTemplate("email", { subject: "{{ author }}", html: "<p>\n{% if x %}</p>" })).toEqual([
      expect.objectContaining({ field: "html", line: 2 }),
    ]);
    const unknown = validateTemplate("in_app", { title: "Hi {{ name }}", body: "From\n   {{ autor }} and {{ name }}" }, ["name", "author"]);
    expect(unknown).toEqual([{ field: "body", line: 2, column: 7, message: 'unknown variable "autor"' }]);
    expect(validateTemplate("in_app", { title: "{% assign x = name %}{{ x }}" }, ["name"])).toEqual([]);
  });
});

describe("template sandbox", () => {
  const failure = (run: () => unknown) => {
    try {
      run();
    } catch (error) {
      expect(error).toBeInstanceOf(TemplateRenderError);
      return (error as TemplateRenderError).issues[0]!;
    }
    throw new Error("expected the template to fail");
  };

  it.each([
    ["include", "{% include 'package.json' %}"],
    ["include with a relative path", "{% include '../package.json' %}"],
    ["include with an absolute path", "{% include '/etc/passwd' %}"],
    ["include with a dynamic name", "{% include file %}"],
    ["render", "{% render 'package.json' %}"],
    ["render with a relative path", "{% render './tsconfig.json' %}"],
    ["layout", "{% layout 'package.json' %}x"],
    ["include inside a liquid tag", "{% liquid\n  include 'package.json'\n%}"],
  ])("refuse to load files: %s", (_name, source) => {
    const data = { file: "package.json" };
    const issue = failure(() => renderTemplate("in_app", { title: "t", body: source }, data));
    expect(issue.field).toBe("body");
    expect(issue.message).toMatch(/not available.*cannot load/);
    expect(issue.message).not.toContain('"name"');
    // The same rules when an admin saves or previews a template.
    expect(validateTemplate("in_app", { title: source })).toEqual([expect.objectContaining({ field: "title", line: expect.any(Number), message: expect.stringMatching(/not available/) })]);
  });

  it("stop a huge loop fast with a clear reason", () => {
    const title = "{% for a in (1..1000) %}{% for b in (1..1000) %}x{% endfor %}{% endfor %}";
    expect(title).toHaveLength(73);
    const started = performance.now();
    const issue = failure(() => renderTemplate("in_app", { title }, {}));
    expect(performance.now() - started).toBeLessThan(500);
    expect(issue).toMatchObject({ field: "title", message: expect.stringMatching(/builds too much|took longer than \d+ ms/) });
  });

  it("stop a loop that runs too long, even without building anything", () => {
    const items = Array.from({ length: 3000 }, (_, i) => i);
    const started = performance.now();
    const issue = failure(() => renderTemplate("webhook", { body: "{% for a in items %}{% for b in items %}{% endfor %}{% endfor %}" }, { items }));
    expect(performance.now() - started).toBeLessThan(1000);
    expect(issue.message).toMatch(/longer than \d+ ms/);
  });

  it("bound strings built by capture, doubling or not", () => {
    const doubling = "{% capture s %}x{% endcapture %}{% for i in (1..40) %}{% capture s %}{{ s }}{{ s }}{% endcapture %}{% endfor %}{{ s | size }}";
    expect(failure(() => renderTemplate("in_app", { title: "t", body: doubling }, {})).message).toMatch(/too much/);
    const appending = "{% assign s = 'xxxxxxxxxx' %}{% for i in (1..30) %}{% assign s = s | append: s %}{% endfor %}{{ s | size }}";
    expect(failure(() => renderTemplate("in_app", { title: "t", body: appending }, {})).message).toMatch(/too much/);
  });

  it("refuse deep nesting with its position instead of overflowing the stack", () => {
    const deep = (n: number) => "{% if true %}".repeat(n) + "x" + "{% endif %}".repeat(n);
    expect(renderTemplate("in_app", { title: deep(20) }, {}).title).toBe("x");
    for (const n of [40, 5000]) {
      const issue = failure(() => renderTemplate("in_app", { title: deep(n) }, {}));
      expect(issue.message).toMatch(/nested more than \d+ deep/);
      expect(issue.column).toBeGreaterThan(1);
    }
    const liquid = "{% liquid\n" + "if true\n".repeat(3000) + "echo 'x'\n" + "endif\n".repeat(3000) + "%}";
    expect(validateTemplate("in_app", { title: liquid })[0]!.message).toMatch(/nested more than \d+ deep/);
  });

  it("refuse a template longer than any field may be", () => {
    expect(failure(() => renderTemplate("email", { subject: "s", html: "x".repeat(200_001) }, {})).message).toMatch(/longer than 200,000/);
  });

  it("truncate a rendered title or subject to its limit with an ellipsis", () => {
    const long = "a".repeat(400);
    const inApp = renderTemplate("in_app", { title: "{{ t }}" }, { t: long });
    expect(inApp.title).toBe(`${"a".repeat(299)}…`);
    expect(renderTemplate("email", { subject: "{{ t }}" }, { t: long }).subject).toHaveLength(300);
    expect(renderTemplate("push", { title: "{{ t }}" }, { t: long }).title).toBe(`${"a".repeat(199)}…`);
    expect(renderTemplate("in_app", { title: "{{ t }}" }, { t: "a".repeat(300) }).title).toHaveLength(300);
  });

  it("fail any other field that renders past its limit, naming the field and the limit", () => {
    const sms = failure(() => renderTemplate("sms", { body: "{{ t }}" }, { t: "a".repeat(1601) }));
    expect(sms).toMatchObject({ field: "body", message: "renders to 1,601 characters; at most 1,600 are allowed" });
    expect(() => renderTemplate("push", { title: "t", body: "{{ t }}" }, { t: "a".repeat(1001) })).toThrow(/body: renders to 1,001 characters; at most 1,000/);
    expect(() => renderTemplate("in_app", { title: "t", body: "{{ t }}" }, { t: "a".repeat(5001) })).toThrow(/body: .*at most 5,000/);
    expect(renderTemplate("sms", { body: "{{ t }}" }, { t: "a".repeat(1600) }).body).toHaveLength(1600);
  });
});
