// Placeholder until the preload lands.
export {};
