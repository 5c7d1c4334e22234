/**
 * The server's Harvest gateway over HTTP, through the app's own API layer (main/api: one transport,
 * the throttle governor that obeys 429/503 + Retry-After per account, and the codecs). A credential
 * names its Harvest by `subdomain`: a plain subdomain is Harvest v1 at the template
 * (https://{subdomain}.harvestapp.com), and a full http(s) URL is a v1 server at that address (the
 * sandbox's `<sandbox>/harvest/<subdomain>`, for instance).
 */
import { createApiFactory } from "../../main/api/index";
import type { ApiFactory } from "../../main/api/index";
import type { Gathered, HarvestGateway, HarvestLogin, Verdict } from "./gateway";

export interface HttpHarvestOptions {
  readonly now?: () => number;
  readonly v1UrlTemplate?: string;
}

function isUrl(text: string): boolean {
  return /^https?:\/\//i.test(text.trim());
}

export function httpHarvest(options: HttpHarvestOptions = {}): HarvestGateway & { close(): Promise<void> } {
  const factories = new Map<string, ApiFactory>();
  const factoryFor = (template: string): ApiFactory => {
    let factory = factories.get(template);
    if (factory === undefined) {
      factory = createApiFactory({ harvestUrlTemplate: template, ...(options.now ? { now: options.now } : {}) });
      factories.set(template, factory);
    }
    return factory;
  };
  const v1Client = (login: HarvestLogin) => {
    const named = login.subdomain.trim();
    if (isUrl(named)) return factoryFor(named.replace(/\/+$/, "")).harvest({ subdomain: "v1", email: login.email, password: login.password }, "json");
    return factoryFor(options.v1UrlTemplate ?? "https://{subdomain}.harvestapp.com").harvest(login, "json");
  };
  return {
    async verify(login): Promise<Verdict> {
      const result = await v1Client(login).whoAmI();
      if (result.ok) return { ok: true };
      return { ok: false, message: result.error.message };
    },
    gather(): Promise<Gathered> {
      // Harvest v1's time entries come through the v2 path once a token is linked (see gatherer.ts).
      return Promise.resolve({ entries: [], deletedIds: [], until: null, complete: false });
    },
    async close() {
      for (const factory of factories.values()) await factory.close();
    },
  };
}
