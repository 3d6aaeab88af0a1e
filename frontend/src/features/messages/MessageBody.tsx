import { Fragment } from "react";
import { parseMessage, type Inline } from "./markdown-lite";

function InlineNodes({ nodes, linkClassName }: { nodes: Inline[]; linkClassName: string }) {
  return (
    <>
      {nodes.map((n, i) => {
        switch (n.type) {
          case "text":
            return <Fragment key={i}>{n.text}</Fragment>;
          case "code":
            return (
              <code key={i} className="rounded bg-black/10 px-1 py-0.5 font-mono text-[0.85em]">
                {n.text}
              </code>
            );
          case "strong":
            return (
              <strong key={i}>
                <InlineNodes nodes={n.children} linkClassName={linkClassName} />
              </strong>
            );
          case "link":
            return (
              <a key={i} href={n.href} target="_blank" rel="noopener noreferrer" className={linkClassName}>
                {n.text}
              </a>
            );
        }
      })}
    </>
  );
}

/**
 * A message body as safe Markdown-lite: React elements only (never innerHTML), `dir="auto"` on each line
 * and list so Arabic or Hebrew text runs right to left (code blocks stay left to right), and long URLs or codes wrap anywhere instead of
 * pushing the bubble wider than a phone screen.
 */
export default function MessageBody({
  body,
  linkClassName = "underline",
}: {
  body: string;
  linkClassName?: string;
}) {
  const blocks = parseMessage(body);
  return (
    <div dir="auto" className="space-y-2 [overflow-wrap:anywhere]" data-testid="message-body">
      {blocks.map((b, i) =>
        b.type === "paragraph" ? (
          <p key={i}>
            {/* Each line takes its own direction: an English line then an Arabic one align left, then right. */}
            {b.lines.map((line, j) => (
              <span key={j} dir="auto" className="block">
                <InlineNodes nodes={line} linkClassName={linkClassName} />
              </span>
            ))}
          </p>
        ) : b.type === "code" ? (
          // Code reads left to right in any language; its lines wrap rather than widen the bubble.
          <pre
            key={i}
            dir="ltr"
            className="rounded bg-black/10 px-2 py-1.5 font-mono text-[0.85em] whitespace-pre-wrap"
          >
            <code>{b.text}</code>
          </pre>
        ) : b.ordered ? (
          <ol key={i} start={b.start} dir="auto" className="list-decimal ps-5">
            {b.items.map((item, j) => (
              <li key={j}>
                <InlineNodes nodes={item} linkClassName={linkClassName} />
              </li>
            ))}
          </ol>
        ) : (
          <ul key={i} dir="auto" className="list-disc ps-5">
            {b.items.map((item, j) => (
              <li key={j}>
                <InlineNodes nodes={item} linkClassName={linkClassName} />
              </li>
            ))}
          </ul>
        ),
      )}
    </div>
  );
}
