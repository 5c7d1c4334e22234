import { describe, expect, it } from "vitest";
import { createImageLoader, type ImageProbe } from "../../renderer/components/image-loader";

function probes(): { readonly made: ImageProbe[]; readonly make: () => ImageProbe } {
  const made: ImageProbe[] = [];
  return {
    made,
    make: () => {
      const probe: ImageProbe = { onload: null, onerror: null, referrerPolicy: "", decoding: "", src: "" };
      made.push(probe);
      return probe;
    },
  };
}

describe("the image loader", () => {
  it("asks for each URL once, however many avatars show it before it answers", () => {
    const { made, make } = probes();
    const loader = createImageLoader(make);
    const seen: string[] = [];
    for (let i = 0; i < 5; i++) {
      expect(loader.status("https://a.example/basil.png")).toBe("loading");
      loader.onSettled("https://a.example/basil.png", (s) => seen.push(s));
    }
    expect(made).toHaveLength(1);
    expect(made[0]?.src).toBe("https://a.example/basil.png");
    expect(made[0]?.referrerPolicy).toBe("no-referrer");
    made[0]?.onerror?.(new Event("error"));
    expect(seen).toEqual(["failed", "failed", "failed", "failed", "failed"]);
  });

  it("never asks again for an image that failed, and says so at once", () => {
    const { made, make } = probes();
    const loader = createImageLoader(make);
    loader.status("https://a.example/gone.png");
    made[0]?.onerror?.(new Event("error"));
    const later: string[] = [];
    loader.onSettled("https://a.example/gone.png", (s) => later.push(s));
    expect(loader.status("https://a.example/gone.png")).toBe("failed");
    expect(later).toEqual(["failed"]);
    expect(made).toHaveLength(1);
  });

  it("keeps URLs apart, and an unsubscribed avatar hears nothing", () => {
    const { made, make } = probes();
    const loader = createImageLoader(make);
    const heard: string[] = [];
    const stop = loader.onSettled("https://a.example/one.png", (s) => heard.push(`one:${s}`));
    loader.onSettled("https://a.example/two.png", (s) => heard.push(`two:${s}`));
    stop();
    made[0]?.onload?.(new Event("load"));
    made[1]?.onload?.(new Event("load"));
    made[1]?.onerror?.(new Event("error")); // a late second event changes nothing
    expect(made).toHaveLength(2);
    expect(heard).toEqual(["two:loaded"]);
    expect(loader.status("https://a.example/one.png")).toBe("loaded");
    expect(loader.status("https://a.example/two.png")).toBe("loaded");
  });
});
