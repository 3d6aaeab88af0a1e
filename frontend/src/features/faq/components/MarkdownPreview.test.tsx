import { render } from "@testing-library/react";
import MarkdownPreview from "./MarkdownPreview";

test("when the Markdown is ordinary, then the preview renders it", () => {
  const { container } = render(
    <MarkdownPreview markdown={"## Title\n\n**bold** and [a link](https://example.com)"} />,
  );
  expect(container.querySelector("h3")).toHaveTextContent("Title");
  expect(container.querySelector("strong")).toHaveTextContent("bold");
  expect(container.querySelector("a")).toHaveAttribute("href", "https://example.com");
});

test("when the Markdown carries scripts, handlers or javascript: links, then the preview drops them", () => {
  const { container } = render(
    <MarkdownPreview
      markdown={'<script>alert(1)</script>\n\n<img src=x onerror="alert(1)">\n\n[click](javascript:alert(1))'}
    />,
  );
  expect(container.querySelector("script, img, [onerror]")).toBeNull();
  expect(container.innerHTML).not.toMatch(/javascript:/i);
});
