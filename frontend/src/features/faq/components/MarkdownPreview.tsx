import ReactMarkdown from "react-markdown";
import { ANSWER_CLASS } from "./faq-styles";

/**
 * The editor's live preview. Raw HTML is skipped and react-markdown drops unsafe URLs (javascript:),
 * so the preview is safe too; the server's answerHtml is what readers get.
 */
export default function MarkdownPreview({ markdown }: { markdown: string }) {
  return (
    <div className={ANSWER_CLASS}>
      <ReactMarkdown
        skipHtml
        allowedElements={[
          "p",
          "a",
          "h1",
          "h2",
          "ul",
          "ol",
          "li",
          "strong",
          "em",
          "code",
          "pre",
          "h3",
          "h4",
          "blockquote",
          "br",
        ]}
        unwrapDisallowed
        components={{
          h1: "h3",
          h2: "h3",
          a: ({ href, children }) => (
            <a href={href} rel="noopener noreferrer nofollow" target="_blank">
              {children}
            </a>
          ),
        }}
      >
        {markdown}
      </ReactMarkdown>
    </div>
  );
}
