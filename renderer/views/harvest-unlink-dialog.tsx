/**
 * Unlinking the email-and-password login asks first, and says what it does: Co-op forgets the login,
 * stops gathering, and deletes the time entries it gathered with it, so they leave every group's feed
 * (a running timer too; docs/coop-api.md §11.5). Least data: Co-op keeps no one's time without a link.
 * Nothing changes in Harvest.
 */
import type { JSX } from "preact";
import { useApi } from "../api-context";
import { Dialog } from "../components/dialog";
import { ErrorNotice } from "../components/error-notice";
import { useAction } from "../hooks";

export function UnlinkHarvestDialog({
  subdomain,
  onClose,
  onUnlinked,
}: {
  readonly subdomain: string;
  readonly onClose: () => void;
  readonly onUnlinked: () => void;
}): JSX.Element {
  const api = useApi();
  const action = useAction();
  return (
    <Dialog title="Unlink Harvest?" onClose={onClose}>
      <p class="dialog-text">
        Co-op stops gathering your time from {subdomain}.harvestapp.com, and the time entries it gathered leave your
        groups&rsquo; feeds, a running timer included.
      </p>
      <p class="dialog-text">
        Nothing changes in Harvest: your entries stay there, and linking again brings the recent ones back to the feeds.
      </p>
      {action.error ? <ErrorNotice error={action.error} service="Co-op" compact /> : null}
      <div class="dialog-actions">
        <button type="button" class="btn" onClick={onClose}>
          Cancel
        </button>
        <button
          type="button"
          class="btn btn-danger"
          disabled={action.busy}
          onClick={() => void action.run(() => api.unlinkHarvest(), onUnlinked)}
        >
          {action.busy ? "Unlinking…" : "Unlink and remove from feeds"}
        </button>
      </div>
    </Dialog>
  );
}
