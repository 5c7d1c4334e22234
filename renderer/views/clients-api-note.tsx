/** One quiet line saying which Harvest API the client list comes from. */
import type { JSX } from "preact";

export function ClientsApiNote({ api }: { readonly api: "v1" | "v2" | null }): JSX.Element | null {
  if (api === null) return null;
  return (
    <p class="clients-api" data-testid="clients-api">
      {api === "v2" ? "Harvest API v2 · personal access token" : "Harvest API v1 (legacy) · login kept by Co-op"}
    </p>
  );
}
