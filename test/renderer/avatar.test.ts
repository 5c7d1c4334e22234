import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { safeImageUrl } from "../../renderer/components/avatar";
import { AVATAR_HUES, avatarHue } from "../../renderer/format";

function luminance(hex: string): number {
  const channels = [1, 3, 5]
    .map((i) => parseInt(hex.slice(i, i + 2), 16) / 255)
    .map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
  return 0.2126 * (channels[0] ?? 0) + 0.7152 * (channels[1] ?? 0) + 0.0722 * (channels[2] ?? 0);
}

describe("avatar colours", () => {
  it("come from the user id: stable, and different for neighbouring ids", () => {
    const team = [21, 22, 23, 24, 25, 26, 27, 28].map((id) => avatarHue(id, "Same Name"));
    expect(new Set(team).size).toBe(AVATAR_HUES);
    expect(avatarHue(21, "Basil Fawlty")).toBe(avatarHue(21, "Someone Else"));
    for (const hue of team) expect(hue).toBeGreaterThanOrEqual(0);
    expect(avatarHue(-3, "x")).toBeLessThan(AVATAR_HUES);
  });
  it("fall back to the name when the id is unknown, the same for the same name", () => {
    expect(avatarHue(null, "Basil Fawlty")).toBe(avatarHue(null, " basil fawlty "));
    const hues = new Set(
      ["Basil Fawlty", "Sybil Fawlty", "Polly Sherman", "Manuel", "Major Gowen", "Terry Hughes"].map((n) =>
        avatarHue(null, n),
      ),
    );
    expect(hues.size).toBeGreaterThan(2);
  });
  it("each exist in the stylesheet with enough contrast for white initials", () => {
    const css = readFileSync(join(process.cwd(), "renderer/styles/app.css"), "utf8");
    for (let hue = 0; hue < AVATAR_HUES; hue++) {
      const match = new RegExp(`\\.hue-${hue}\\s*\\{\\s*background:\\s*(#[0-9a-f]{6});`, "i").exec(css);
      expect(match, `.hue-${hue}`).not.toBeNull();
      const contrast = 1.05 / (luminance(match?.[1] ?? "#ffffff") + 0.05);
      expect(contrast, `.hue-${hue} ${match?.[1]}`).toBeGreaterThanOrEqual(4.5);
    }
    expect(css).not.toMatch(new RegExp(`\\.hue-${AVATAR_HUES}\\b`));
  });
});

describe("avatar images", () => {
  it("are never asked of the original Co-op's dead host, nor from anything but http(s)", () => {
    expect(safeImageUrl("http://coopapp.com/uploads/avatars/21/thumb/basil.png?1")).toBeNull();
    expect(safeImageUrl("https://assets.coopapp.com/a.png")).toBeNull();
    expect(safeImageUrl("javascript:alert(1)")).toBeNull();
    expect(safeImageUrl("https://notcoopapp.com/a.png")).toBe("https://notcoopapp.com/a.png");
    expect(safeImageUrl("https://coop.example.com/avatars/21.png")).toBe("https://coop.example.com/avatars/21.png");
  });
});
