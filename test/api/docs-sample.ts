/** The original Co-op docs' sample status feed (2008, corrected), as the protocol decodes it. */
import type { Status } from "@coop-tray/protocol/models";

/** Basil's note, the feed's first status (the sandbox seeds it too). */
export const SAMPLE_NOTE: Status = {
  type: "Note",
  id: 247,
  groupId: 25,
  text: "Note 1",
  user: {
    id: 21,
    name: "Basil Fawlty",
    email: "basil@fawltytowers.com",
    avatarThumbUrl: "http://coopapp.com/uploads/avatars/21/thumb/smile.png?1233860995",
  },
  createdAt: "2008-11-19T20:19:45.000Z",
  updatedAt: "2008-11-19T20:19:45.000Z",
};
