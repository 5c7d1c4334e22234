// Placeholder until the shell lands.
export {};
