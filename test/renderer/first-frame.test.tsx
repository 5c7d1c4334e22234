/**
 * The first frame: its data block cannot be broken out of, a malformed one is ignored, and the
 * rendered page holds the feed as escaped text (rendered by the same code main and the bridge use).
 */
import { describe, expect, it } from "vitest";
import { firstFrameJson, readFirstFrame, FIRST_FRAME_ELEMENT_ID, type FirstFrame } from "../../shared/first-frame";
import { renderFirstFrame } from "../../renderer/first-frame";
import { createFakeBackend } from "../../dev/fake-backend";

const TEMPLATE = `<!doctype html><html><head><title>t</title></head><body>
    <div id="app"></div>
  </body></html>`;

async function frameWith(text: string): Promise<FirstFrame> {
  const frame = await createFakeBackend({ statusCount: 3 }).firstFrame();
  if (frame === null) throw new Error("the fake backend has no first frame");
  const [first, ...rest] = frame.feed.statuses;
  if (!first) throw new Error("no status");
  return { ...frame, feed: { ...frame.feed, statuses: [{ ...first, text }, ...rest] } };
}

describe("the first frame's data block", () => {
  it("cannot be ended or broken by a status text, and reads back the same", async () => {
    const frame = await frameWith(`</script><script>alert(1)</script> & <!-- \u2028 \u2029`);
    const json = firstFrameJson(frame);
    expect(json).not.toMatch(/[<>&\u2028\u2029]/);
    expect(readFirstFrame(json)).toEqual(frame);
  });

  it("is ignored when it is missing, malformed, of another version or for another query", async () => {
    const frame = await frameWith("Hello");
    expect(readFirstFrame(null)).toBeNull();
    expect(readFirstFrame("")).toBeNull();
    expect(readFirstFrame("{not json")).toBeNull();
    expect(readFirstFrame(JSON.stringify([1, 2]))).toBeNull();
    expect(readFirstFrame(JSON.stringify({ ...frame, version: 2 }))).toBeNull();
    expect(readFirstFrame(JSON.stringify({ ...frame, groupId: 99_999 }))).toBeNull();
    expect(readFirstFrame(JSON.stringify({ ...frame, state: { ...frame.state, account: null } }))).toBeNull();
    const day = { ...frame.feed, query: { ...frame.feed.query, date: "2008-11-19" } };
    expect(readFirstFrame(JSON.stringify({ ...frame, feed: day }))).toBeNull();
    expect(readFirstFrame(JSON.stringify({ ...frame, feed: { ...frame.feed, statuses: "no" } }))).toBeNull();
  });
});

describe("rendering the first frame", () => {
  it("puts the feed in #app as text and the data after it", async () => {
    const frame = await frameWith(`<img src=x onerror="alert(1)"> Fixing the sign`);
    const page = renderFirstFrame(TEMPLATE, frame);
    const app = page.slice(page.indexOf('<div id="app">'), page.indexOf(`id="${FIRST_FRAME_ELEMENT_ID}"`));
    expect(app).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;> Fixing the sign");
    expect(app).not.toContain("<img");
    for (const status of frame.feed.statuses) expect(app).toContain(status.user.name);
    expect(app).toContain('aria-setsize="3"');
    expect(app).toContain('elementtiming="first-status"');
    const block = new RegExp(`<script type="application/json" id="${FIRST_FRAME_ELEMENT_ID}">([^<]*)</script>`).exec(
      page,
    );
    expect(readFirstFrame(block?.[1])).toEqual(frame);
  });

  it("drops the template's modulepreload links with a frame, so nothing but the stylesheet loads before it paints", async () => {
    const frame = await frameWith("Hello");
    const template = TEMPLATE.replace(
      "<title>t</title>",
      '<title>t</title>\n    <link rel="stylesheet" href="app.css" />\n    <script type="module" src="app.js"></script>\n    <link rel="modulepreload" href="chunk-A.js" />\n    <link rel="modulepreload" href="chunk-B.js" />',
    );
    const page = renderFirstFrame(template, frame);
    expect(page).not.toContain("modulepreload");
    expect(page).toContain(
      '<title>t</title>\n    <link rel="stylesheet" href="app.css" />\n    <script type="module" src="app.js"></script></head>',
    );
    expect(renderFirstFrame(template, null)).toBe(template);
  });

  it("leaves the page as it is without a frame or without the root element", async () => {
    const frame = await frameWith("Hello");
    expect(renderFirstFrame(TEMPLATE, null)).toBe(TEMPLATE);
    expect(renderFirstFrame("<body><main></main></body>", frame)).toBe("<body><main></main></body>");
  });
});
