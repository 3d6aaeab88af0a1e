import { BODY_MAX } from "@parley/contract";
import { tooLongHint } from "./too-long";

/**
 * The line under the reply box (its accessible description): what the keys do and what the box offers,
 * or that the text is too long, or that it goes once the files are uploaded. With the keyboard up the hint
 * is read out but not shown: the thread needs the room.
 */
export function ComposerHint(props: {
  id: string;
  length: number;
  waiting: boolean;
  touch: boolean;
  savedReplies: boolean;
  mentions: boolean;
  files: boolean;
}) {
  const { id, length, waiting, touch } = props;
  const tooLong = length > BODY_MAX;
  return (
    <p id={id} className={`mt-1 text-xs ${tooLong ? "text-red-700" : "text-slate-600 compact:sr-only"}`}>
      {tooLong
        ? tooLongHint(length, BODY_MAX)
        : waiting
          ? "Sending when the files are uploaded…"
          : [
              // Short on a phone (one line at 320 px), where files come by the attach button.
              touch ? "Return for a new line" : "Enter to send · Shift+Enter for a new line",
              props.savedReplies ? "/ for saved replies" : null,
              props.mentions ? "@ to mention a colleague" : null,
              props.files && !touch ? "paste or drop files to attach" : null,
            ]
              .filter(Boolean)
              .join(" · ")}
    </p>
  );
}
