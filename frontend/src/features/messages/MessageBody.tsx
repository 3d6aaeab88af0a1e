import { Fragment } from "react";
import { parseMessage, type Inline } from "./markdown-lite";
import { splitMentions, type MentionNames } from "./mentions";

/** Plain text with each "@Name" of a current admin marked: a chip, and the reader's own name highlighted. */
function MentionedText({ text, mentions }: { text: string; mentions: MentionNames }) {
  return (
    <>
      {splitMentions(text, mentions).map((p, i) =>
        p.mention === "me" ? (
          <mark key={i} className="rounded bg-amber-300 px-0.5 font-semibold text-amber-950">
            {p.text}
          </mark>
        ) : p.mention ? (
          <span key={i} data-mention="" className="rounded bg-amber-100 px-0.5 font-semibold text-amber-900">
            {p.text}
          </span>
        ) : (
          <Fragment key={i}>{p.text}</Fragment>
        ),
      )}
    </>
  );
}

type InlineProps = { nodes: Inline[]; linkClassName: string; mentions?: MentionNames };

function InlineNodes({ nodes, linkClassName, mentions }: InlineProps) {
  return (
    <>
      {nodes.map((n, i) => {
        switch (n.type) {
          case "text":
            // Mentions are looked for in text only: never inside `code` or a link.
            return mentions ? (
              <MentionedText key={i} text={n.text} mentions={mentions} />
            ) : (
              <Fragment key={i}>{n.text}</Fragment>
            );
          case "code":
            return (
              <code key={i} className="rounded bg-black/10 px-1 py-0.5 font-mono text-[0.85em]">
                {n.text}
              </code>
            );
          case "strong":
            return (
              <strong key={i}>
                <InlineNodes nodes={n.children} linkClassName={linkClassName} mentions={mentions} />
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
  mentions,
}: {
  body: string;
  linkClassName?: string;
  /** An internal note's: the current admins' names, marked where it mentions them. */
  mentions?: MentionNames;
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
                <InlineNodes nodes={line} linkClassName={linkClassName} mentions={mentions} />
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
                <InlineNodes nodes={item} linkClassName={linkClassName} mentions={mentions} />
              </li>
            ))}
          </ol>
        ) : (
          <ul key={i} dir="auto" className="list-disc ps-5">
            {b.items.map((item, j) => (
              <li key={j}>
                <InlineNodes nodes={item} linkClassName={linkClassName} mentions={mentions} />
              </li>
            ))}
          </ul>
        ),
      )}
    </div>
  );
}
