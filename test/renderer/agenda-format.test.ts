import { describe, expect, it } from "vitest";
import { parseAgenda, parseInline, type Block, type Inline } from "../../renderer/agenda-format";

const t = (text: string): Inline => ({ kind: "text", text });

/** Every string that could end up on screen, to prove nothing becomes markup. */
function texts(blocks: readonly Block[]): string[] {
  const fromInline = (nodes: readonly Inline[]): string[] =>
    nodes.flatMap((n) => (n.kind === "text" || n.kind === "link" ? [n.text] : fromInline(n.children)));
  return blocks.flatMap((b) =>
    b.kind === "list" ? b.items.flatMap((i) => fromInline(i.content)) : b.lines.flatMap(fromInline),
  );
}

describe("agenda blocks", () => {
  it("turns '* ' and '- ' lines into one list, and a blank line into a paragraph break", () => {
    expect(parseAgenda("* Gourmet Night on Thursday\n- Fix the moose head\n\nChef is *sober*, for now.")).toEqual([
      {
        kind: "list",
        ordered: false,
        items: [
          { level: 1, content: [t("Gourmet Night on Thursday")] },
          { level: 1, content: [t("Fix the moose head")] },
        ],
      },
      { kind: "paragraph", lines: [[t("Chef is "), { kind: "strong", children: [t("sober")] }, t(", for now.")]] },
    ]);
  });
  it("keeps line breaks inside a paragraph and splits paragraphs on blank lines (CRLF too)", () => {
    expect(parseAgenda("Line one\r\nLine two\r\n\r\n  \r\nNext")).toEqual([
      { kind: "paragraph", lines: [[t("Line one")], [t("Line two")]] },
      { kind: "paragraph", lines: [[t("Next")]] },
    ]);
  });
  it("numbers '# ' items, nests doubled markers, and ends a list at a plain line", () => {
    expect(parseAgenda("# First\n## Inner\n* Bullet\nAfter")).toEqual([
      {
        kind: "list",
        ordered: true,
        items: [
          { level: 1, content: [t("First")] },
          { level: 2, content: [t("Inner")] },
        ],
      },
      { kind: "list", ordered: false, items: [{ level: 1, content: [t("Bullet")] }] },
      { kind: "paragraph", lines: [[t("After")]] },
    ]);
  });
  it("leaves lines that only look like markers as text", () => {
    expect(parseAgenda("*bold start* of a line")).toEqual([
      { kind: "paragraph", lines: [[{ kind: "strong", children: [t("bold start")] }, t(" of a line")]] },
    ]);
    expect(parseAgenda("---\n*")).toEqual([{ kind: "paragraph", lines: [[t("---")], [t("*")]] }]);
    expect(parseAgenda("")).toEqual([]);
  });
});

describe("agenda inline formatting", () => {
  it("bolds *word* and italicises _word_, nested either way", () => {
    expect(parseInline("a *bold* and _soft_ word")).toEqual([
      t("a "),
      { kind: "strong", children: [t("bold")] },
      t(" and "),
      { kind: "em", children: [t("soft")] },
      t(" word"),
    ]);
    expect(parseInline("*very _much_ so*")).toEqual([
      { kind: "strong", children: [t("very "), { kind: "em", children: [t("much")] }, t(" so")] },
    ]);
    expect(parseInline("**b** __i__")).toEqual([
      { kind: "strong", children: [t("b")] },
      t(" "),
      { kind: "em", children: [t("i")] },
    ]);
  });
  it("only treats markers at a word's edges as formatting", () => {
    expect(parseInline("snake_case_name and 2*3*4")).toEqual([t("snake_case_name and 2*3*4")]);
    expect(parseInline("a * b * c")).toEqual([t("a * b * c")]);
    expect(parseInline("*unclosed and _open")).toEqual([t("*unclosed and _open")]);
  });
  it("finds links first, so their own underscores stay in the URL, and links may sit inside bold", () => {
    expect(parseInline("see https://example.com/_a_/b_c now")).toEqual([
      t("see "),
      { kind: "link", text: "https://example.com/_a_/b_c", url: "https://example.com/_a_/b_c" },
      t(" now"),
    ]);
    expect(parseInline("*menu: https://example.com/menu*")).toEqual([
      {
        kind: "strong",
        children: [t("menu: "), { kind: "link", text: "https://example.com/menu", url: "https://example.com/menu" }],
      },
    ]);
    expect(parseInline("_https://example.com/a_")).toEqual([
      { kind: "em", children: [{ kind: "link", text: "https://example.com/a", url: "https://example.com/a" }] },
    ]);
    expect(parseInline("javascript:alert(1)")).toEqual([t("javascript:alert(1)")]);
    expect(parseInline("xhttps://example.com")).toEqual([t("xhttps://example.com")]);
  });
  it("keeps markup as text: nothing the server or a user wrote becomes HTML", () => {
    const source = "* <script>alert('x')</script>\n\n<img src=x onerror=alert(1)> *<b>bold</b>*";
    const blocks = parseAgenda(source);
    expect(texts(blocks)).toEqual(["<script>alert('x')</script>", "<img src=x onerror=alert(1)> ", "<b>bold</b>"]);
    expect(blocks[1]).toMatchObject({
      kind: "paragraph",
      lines: [[t("<img src=x onerror=alert(1)> "), { kind: "strong", children: [t("<b>bold</b>")] }]],
    });
  });
});
