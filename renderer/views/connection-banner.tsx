/** Offline and throttled states, shown above every signed-in view so the user never has to guess. */
import type { JSX } from "preact";
import type { ConnectionState } from "../../shared/contract";
import { Countdown } from "../components/countdown";
import { CloudOffIcon, HourglassIcon } from "../components/icons";
import { relativeTime } from "../format";
import { useNow } from "../hooks";

/** Epoch ms until which the banner counts down a throttle (0 when it does not), so views need not repeat it. */
export function bannerThrottleUntil(connection: ConnectionState): number {
  if (!connection.online) return 0;
  return Math.max(connection.harvestThrottle.lockedUntil ?? 0, connection.coopThrottle.lockedUntil ?? 0);
}

export function ConnectionBanner({ connection }: { readonly connection: ConnectionState }): JSX.Element | null {
  const now = useNow(1000);
  const lockedUntil = bannerThrottleUntil(connection);
  if (!connection.online) {
    return (
      <div class="banner banner-offline" role="status" data-testid="offline-banner">
        <CloudOffIcon />
        <span>
          Offline ·{" "}
          {connection.lastSyncedAt !== null ? (
            <>showing saved data from {relativeTime(connection.lastSyncedAt, now)}</>
          ) : (
            "no saved data yet"
          )}
        </span>
      </div>
    );
  }
  if (lockedUntil > now) {
    const who =
      (connection.harvestThrottle.lockedUntil ?? 0) >= (connection.coopThrottle.lockedUntil ?? 0) ? "Harvest" : "Co-op";
    const queued = connection.harvestThrottle.queued + connection.coopThrottle.queued;
    return (
      <div class="banner banner-throttled" role="status" data-testid="throttle-banner">
        <HourglassIcon />
        {/* One line at the popup's width: the words give way first; the countdown and the queue never do. */}
        <span class="banner-text">{who} asked us to wait</span>
        <span class="banner-fixed">
          · back in <Countdown until={lockedUntil} />
        </span>
        {queued > 0 ? (
          <span class="banner-badge" title={`${queued} ${queued === 1 ? "call" : "calls"} waiting to be sent`}>
            {queued} waiting
          </span>
        ) : null}
      </div>
    );
  }
  return null;
}
