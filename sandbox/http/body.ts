// Moved to the server (one implementation); kept so the Harvest emulations import it where they did.
export * from "../../server/http/body";
