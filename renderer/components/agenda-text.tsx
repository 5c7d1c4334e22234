/** An agenda's Textile source as elements (see agenda-format.ts): lists, paragraphs, bold, italics, links. */
import { Fragment, type JSX } from "preact";
import { useMemo } from "preact/hooks";
import { parseAgenda, type Block, type Inline, type ListItem } from "../agenda-format";
import { ExternalLink } from "./linked-text";

function Inlines({ nodes }: { readonly nodes: readonly Inline[] }): JSX.Element {
  return (
    <>
      {nodes.map((node, i) =>
        node.kind === "text" ? (
          node.text
        ) : node.kind === "link" ? (
          <ExternalLink key={i} url={node.url} text={node.text} />
        ) : node.kind === "strong" ? (
          <strong key={i}>
            <Inlines nodes={node.children} />
          </strong>
        ) : (
          <em key={i}>
            <Inlines nodes={node.children} />
          </em>
        ),
      )}
    </>
  );
}

function List({ ordered, items }: { readonly ordered: boolean; readonly items: readonly ListItem[] }): JSX.Element {
  const children = items.map((item, i) => (
    <li key={i} class={item.level > 1 ? `agenda-level-${item.level}` : undefined}>
      <Inlines nodes={item.content} />
    </li>
  ));
  return ordered ? <ol class="agenda-list">{children}</ol> : <ul class="agenda-list">{children}</ul>;
}

function BlockView({ block }: { readonly block: Block }): JSX.Element {
  if (block.kind === "list") return <List ordered={block.ordered} items={block.items} />;
  return (
    <p>
      {block.lines.map((line, i) => (
        <Fragment key={i}>
          {i > 0 ? <br /> : null}
          <Inlines nodes={line} />
        </Fragment>
      ))}
    </p>
  );
}

export function AgendaText({ source }: { readonly source: string }): JSX.Element {
  const blocks = useMemo(() => parseAgenda(source), [source]);
  return (
    <div class="agenda-text">
      {blocks.map((block, i) => (
        <BlockView key={i} block={block} />
      ))}
    </div>
  );
}
