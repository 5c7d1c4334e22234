/**
 * External links open in the system browser only when they parse as http(s), or in the mail app
 * when they are `mailto:` one plain address (an email in a note). Everything else
 * (file:, javascript:, data:, smb:, custom app schemes that could launch other programs,
 * malformed text) is refused: `shell.openExternal` hands its argument to the OS.
 */
import { isHttpUrl, isMailtoUrl } from "@coop-tray/protocol/rules";

/** The normalised URL to open, or null when the link must not be opened. */
export function externalLinkTarget(url: unknown): string | null {
  if (typeof url !== "string" || url.length === 0 || url.length > 2048) return null;
  if (isMailtoUrl(url)) return url;
  if (!isHttpUrl(url)) return null;
  return new URL(url).href;
}

export interface ExternalOpener {
  openExternal(url: string): Promise<void>;
}

/** Opens `url` when it is http(s); resolves to whether it was handed to the OS. */
export async function openExternalLink(
  opener: ExternalOpener,
  url: unknown,
  onError: (error: unknown) => void,
): Promise<boolean> {
  const target = externalLinkTarget(url);
  if (target === null) return false;
  try {
    await opener.openExternal(target);
    return true;
  } catch (error) {
    onError(error);
    return false;
  }
}
