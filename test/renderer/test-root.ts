/** Where a renderer test renders: an element in the document for this test only. */
import { render } from "preact";
import { onTestFinished } from "vitest";

/** A new element in the document; its components are unmounted and it is removed when the test ends. */
export function testRoot(): HTMLElement {
  const root = document.createElement("div");
  document.body.append(root);
  onTestFinished(() => {
    render(null, root);
    root.remove();
  });
  return root;
}
