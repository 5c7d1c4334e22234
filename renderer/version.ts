/** The app's version, set at build time from package.json (scripts/build.mjs); "dev" when unbuilt (tests). */
declare const __APP_VERSION__: string | undefined;

export const APP_VERSION: string = typeof __APP_VERSION__ === "string" ? __APP_VERSION__ : "dev";
