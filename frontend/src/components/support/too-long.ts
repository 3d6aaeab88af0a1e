/**
 * What a text box over its limit says, with both numbers so the writer knows how much to cut: the reply
 * box and the new-ticket form word it the same way.
 */
export const tooLongHint = (length: number, max: number) =>
  `Too long: ${length.toLocaleString()} of ${max.toLocaleString()} characters.`;
