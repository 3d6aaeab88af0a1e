import MessageBody from "../../features/messages/MessageBody";

const ALERT = "mt-1 text-xs text-red-700";

/** "Ana", "Ana and Sam", "Ana, Sam and Bo". */
const listOf = (names: string[]) =>
  names.length < 2 ? (names[0] ?? "") : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;

/** Enter refused a trigger that matches nothing (audit F1): why, and how to send it as written. */
export function UnmatchedTriggerAlert({ refusal, button }: { refusal: string; button: string }) {
  return (
    <p role="alert" className={ALERT}>
      {refusal}. To send it as written, press Escape and then Enter, or use the {button} button.
    </p>
  );
}

/** The server refused these mentions (deactivated meanwhile): the note is back in the box, nothing lost. */
export function UnmentionedAlert({ names }: { names: string[] }) {
  return (
    <p role="alert" className={ALERT}>
      {`Not sent: ${listOf(names)} can no longer be mentioned (not an active admin). Your note is back in the box; send it again to post it without alerting ${names.length === 1 ? "them" : "those colleagues"}.`}
    </p>
  );
}

/** Placeholders left in the text; one message, reworded when a send is refused, so it is announced again. */
export function UnfilledPlaceholdersAlert({ unfilled, refused }: { unfilled: string[]; refused: boolean }) {
  const them = unfilled.length === 1 ? "it" : "them";
  return (
    <p role="alert" className={ALERT}>
      {refused ? "Not sent: no value for " : "No value for "}
      {unfilled.join(", ")}: replace {them} with the right text or delete {them} before sending.
    </p>
  );
}

/** How the text with a saved reply in it will read. */
export function SavedReplyPreview({ body }: { body: string }) {
  return (
    <section
      aria-label="Preview"
      className="mt-2 rounded-lg border border-dashed border-slate-300 bg-slate-50 p-2 text-sm"
    >
      <p className="mb-1 text-xs font-semibold text-slate-700">Preview</p>
      <MessageBody body={body} linkClassName="text-indigo-700 underline" />
    </section>
  );
}
