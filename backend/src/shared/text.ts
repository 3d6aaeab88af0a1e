/**
 * The first `length` UTF-16 units of `text`, less one if that would split a surrogate pair (an emoji):
 * String.prototype.slice cuts between the halves, and half an emoji is not valid Unicode (PostgreSQL
 * stores it as U+FFFD, a provider that checks its UTF-8 refuses the whole message).
 */
export function cutAtCharacter(text: string, length: number): string {
  if (text.length <= length) return text;
  const last = text.charCodeAt(length - 1);
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? length - 1 : length);
}

/** `text` within `max` UTF-16 units: cut at a whole character, with an ellipsis when anything was left out. */
export function shorten(text: string, max: number): string {
  return text.length > max ? `${cutAtCharacter(text, max - 1)}…` : text;
}
