import request from "supertest";
import { createArticle, useFaqContext } from "./faq-fixtures";

const { ctx, admin } = useFaqContext();

const rendered = async (answer: string) => (await createArticle(ctx, admin, { answer })).answerHtml;

describe("answers in Markdown", () => {
  test("when the answer uses ordinary Markdown, then it is rendered to the safe subset", async () => {
    const html = await rendered(
      "## Steps\n\n1. Open **Orders**\n2. Choose *Return*\n\n- a `code` bit\n\n> a quote\n\n" +
        "See [our policy](https://example.com/returns) or [mail us](mailto:help@example.com).",
    );
    expect(html).toContain("<h3>Steps</h3>");
    expect(html).toContain("<ol>");
    expect(html).toContain("<strong>Orders</strong>");
    expect(html).toContain("<em>Return</em>");
    expect(html).toContain("<code>code</code>");
    expect(html).toContain("<blockquote>");
    expect(html).toContain(
      '<a href="https://example.com/returns" rel="noopener noreferrer nofollow" target="_blank">',
    );
    expect(html).toContain('href="mailto:help@example.com"');
  });

  test("when the answer carries scripts, event handlers or javascript: links, then none survive", async () => {
    const attacks = [
      "<script>alert(1)</script>Hello",
      '<img src=x onerror="alert(1)">',
      "[click](javascript:alert(1))",
      "[click](JaVaScRiPt:alert(1))",
      '<a href="javascript:alert(1)">x</a>',
      '<a href="  javascript:alert(1)">x</a>',
      "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
      '<p onclick="alert(1)" style="color:red">para</p>',
      '<iframe src="https://evil.example"></iframe>',
      '<svg onload="alert(1)"><circle/></svg>',
      "<style>body{display:none}</style>",
      '<a href="https://ok.example" onmouseover="alert(1)">ok</a>',
      "<scr<script>ipt>alert(1)</script>",
      '<form action="https://evil.example"><input name="password"></form>',
      '<div><object data="x"></object><embed src="y"></div>',
    ];
    for (const attack of attacks) {
      const html = await rendered(attack);
      expect({ attack, html }).toEqual({
        attack,
        html: expect.not.stringMatching(/<script|<img|<iframe|<svg/i),
      });
      expect(html).not.toMatch(/\son\w+\s*=/i);
      expect(html).not.toMatch(/javascript:|data:|style=|<style|<form|<input|<object|<embed/i);
    }
  });

  test("when an article is read back, then answerHtml is the sanitised one and answer the source as written", async () => {
    const source = "Hi <script>alert(1)</script> **there**";
    const article = await createArticle(ctx, admin, { answer: source });
    const res = await request(ctx.app).get(`/api/faq/${article.id}`);
    expect(res.body.answer).toBe(source);
    expect(res.body.answerHtml).toBe("<p>Hi  <strong>there</strong></p>");
  });
});
