import { render, screen } from "@testing-library/react";
import MessageBody from "./MessageBody";

const XSS = [
  `<img src=x onerror="window.__pwned=1">`,
  `<script>window.__pwned=1</script>`,
  `<a href="javascript:window.__pwned=1">click</a>`,
  `[click](javascript:window.__pwned=1)`,
  `<svg onload=window.__pwned=1>`,
  `&lt;b&gt;not bold&lt;/b&gt;`,
  `**<iframe src="https://evil.io"></iframe>**`,
  "`<b>in code</b>`",
];

test.each(XSS)(
  "when a body holds %s, then it renders as text and no element or handler is created",
  (body) => {
    const { container } = render(<MessageBody body={body} />);
    const root = screen.getByTestId("message-body");
    expect(root.textContent).toContain(body.replace(/\*\*|`/g, ""));
    expect(container.querySelector("img, script, svg, iframe, b, [onerror], [onload]")).toBeNull();
    for (const a of container.querySelectorAll("a")) expect(a.getAttribute("href")).toMatch(/^https?:/);
    expect((window as unknown as { __pwned?: number }).__pwned).toBeUndefined();
  },
);

test("when a body has a link, then it opens in a new tab with rel=noopener noreferrer", () => {
  render(<MessageBody body="Track it: https://track.example.com/parcel/ABC123" />);
  const link = screen.getByRole("link", { name: "https://track.example.com/parcel/ABC123" });
  expect(link).toHaveAttribute("href", "https://track.example.com/parcel/ABC123");
  expect(link).toHaveAttribute("target", "_blank");
  expect(link).toHaveAttribute("rel", "noopener noreferrer");
});

test("when a body has lines, code and a list, then they render as lines, code and list items", () => {
  const { container } = render(<MessageBody body={"Hello\nworld `X-42`\n- a\n- b"} />);
  expect([...container.querySelectorAll("p > span")].map((l) => l.textContent)).toEqual([
    "Hello",
    "world X-42",
  ]);
  expect(container.querySelector("code")).toHaveTextContent("X-42");
  expect(screen.getAllByRole("listitem").map((li) => li.textContent)).toEqual(["a", "b"]);
});

test("when a body is Arabic, then its direction is left to the browser (dir=auto) and long words may wrap anywhere", () => {
  render(<MessageBody body="مرحبا، أين طلبي؟" />);
  const root = screen.getByTestId("message-body");
  expect(root).toHaveAttribute("dir", "auto");
  expect(root.querySelector("p > span")).toHaveAttribute("dir", "auto");
  expect(root.className).toContain("[overflow-wrap:anywhere]");
});

test("when an English line is followed by an Arabic one, then each line takes its own direction", () => {
  const { container } = render(<MessageBody body={"Order 1042 is late.\nمرحبا، أين طلبي؟"} />);
  const lines = [...container.querySelectorAll("p > span")];
  expect(lines).toHaveLength(2);
  for (const line of lines) expect(line).toHaveAttribute("dir", "auto");
});

test("when a body has a ``` block, then it shows as preformatted code without the backticks, left to right, all text", () => {
  const code =
    'curl -s https://x.io\n  --fail <img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>';
  const { container } = render(<MessageBody body={`Try:\n\`\`\`sh\n${code}\n\`\`\``} />);
  const pre = container.querySelector("pre");
  expect(pre).not.toBeNull();
  expect(pre).toHaveAttribute("dir", "ltr");
  expect(pre!.querySelector("code")!.textContent).toBe(code);
  expect(container.querySelector("a, img, script, [onerror]")).toBeNull();
  expect((window as unknown as { __pwned?: number }).__pwned).toBeUndefined();
  expect(screen.getByTestId("message-body").textContent).not.toContain("```");
});
