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
