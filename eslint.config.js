// Lint rules that matter here: type-aware-free (fast), strict about the process boundary.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

const electronOnlyInShell = {
  "no-restricted-imports": [
    "error",
    {
      paths: [
        { name: "electron", message: "Only main/shell/ and preload/ may import electron; services stay Electron-free." },
        { name: "electron-store", message: "Only main/shell/ may import electron-store; services take a Store." },
      ],
    },
  ],
};

export default tseslint.config(
  { ignores: ["node_modules/", "dist/", "release/", ".tsbuild/", "test-results/", "playwright-report/", "artifacts/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: "module",
      globals: { console: "readonly", process: "readonly", URL: "readonly", setTimeout: "readonly", clearTimeout: "readonly", setInterval: "readonly", clearInterval: "readonly", Buffer: "readonly", globalThis: "readonly" },
    },
    rules: {
      ...electronOnlyInShell,
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
      "no-restricted-syntax": ["error", { selector: "ExportDefaultDeclaration", message: "Use named exports." }],
    },
  },
  {
    // The shell and the preload are the only code that talks to Electron.
    files: ["main/shell/**", "preload/**"],
    rules: { "no-restricted-imports": "off" },
  },
  {
    // Shell tests mock electron; config files must default-export for their tools.
    files: ["test/shell/**", "test/electron/**"],
    rules: { "no-restricted-imports": "off" },
  },
  {
    files: ["*.config.{js,ts,mjs}", "eslint.config.js"],
    rules: { "no-restricted-syntax": "off" },
  },
);
