/**
 * Entity decoding for XML request bodies (docs/coop-api.md §16.3). fast-xml-parser's own decoder drops a
 * numeric reference to a character XML 1.0 forbids (`&#1;`, `&#0;`, `&#xD800;`) without a word, so the
 * sender's text would be stored altered. Decoding such a reference to the character it names instead lets
 * the one rule for text XML cannot carry refuse it, with the field named, exactly as if it had been sent raw.
 */
import { COMMON_HTML, CURRENCY, EntityDecoder } from "@nodable/entities";
import { unwritableCharacter } from "../render/xml-writer";

const NUMERIC_REFERENCE = /&#(?:[xX]([0-9a-fA-F]+)|([0-9]+));/g;

function forbiddenAsCharacter(reference: string, hex: string | undefined, decimal: string | undefined): string {
  const codePoint = hex !== undefined ? parseInt(hex, 16) : parseInt(decimal ?? "", 10);
  // Past U+10FFFF the body is not XML, and there is no character to name in a message.
  if (codePoint > 0x10ffff) throw new Error(`${reference} names no character`);
  const character = String.fromCodePoint(codePoint);
  // Allowed references stay for the library, so `&#38;lt;` is `&lt;` and never decoded twice.
  return unwritableCharacter(character) === null ? reference : character;
}

/** The decoder the server's XML parser uses: HTML's named entities as before, and every numeric reference kept. */
export class BodyEntityDecoder extends EntityDecoder {
  constructor() {
    super({ namedEntities: { ...COMMON_HTML, ...CURRENCY } });
  }
  override decode(text: string): string {
    return super.decode(text.replace(NUMERIC_REFERENCE, forbiddenAsCharacter));
  }
}
