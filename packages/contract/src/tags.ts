import { z } from "zod";
import { str } from "./common";

/** Tags on tickets (admins only): what a tag may be, and how one is written before it is compared. */

export const TAG_MAX = 40;
export const TAGS_PER_TICKET_MAX = 20;

// Marks (\p{M}) belong to the letter before them: Hindi's vowel signs, "i̇" from lower-casing "İ", a
// decomposed "é" as macOS keyboards send it.
const TAG_RE = /^[\p{L}\p{N}][\p{L}\p{M}\p{N}_:.-]*$/u;

/** A tag as stored and compared: trimmed, composed (NFC), lower-cased; so "Café" typed either way is one tag. */
const normalizedTag = () => str().trim().normalize("NFC").toLowerCase().min(1).max(TAG_MAX);

/** A tag: lower case letters (with their marks), digits, `-`, `_`, `:` and `.`. */
export const tagSchema = normalizedTag()
  .regex(TAG_RE, "Tags are letters, digits, '-', '_', ':' or '.'.")
  // The generator would write the `u` flag into the pattern (`…$/u`); JSON Schema patterns are Unicode-aware.
  .meta({ pattern: TAG_RE.source });
export const tagListSchema = z.array(tagSchema).max(TAGS_PER_TICKET_MAX);

/** The queue's `tag=` filter: written as a tag is; anything else simply matches no ticket. */
export const tagFilterSchema = normalizedTag();
