// Lint rules that matter here: strict about the process boundary, type-aware where a mistake is silent
// (a promise nobody awaits, a switch that forgot a case), and the rules of hooks in the renderer.
import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

const ELECTRON = {
  name: "electron",
  message: "Only main/shell/ and preload/ may import electron; services stay Electron-free.",
};
const ELECTRON_STORE = {
  name: "electron-store",
  message: "Only main/shell/ may import electron-store; services take a Store.",
};

/** What ships (main, preload, renderer) never reaches into code that does not. */
const SHIPPED_BOUNDARY = [
  {
    group: [
      "**/sandbox",
      "**/sandbox/**",
      "**/server",
      "**/server/**",
      "**/dev",
      "**/dev/**",
      "**/test",
      "**/test/**",
      "**/bench",
      "**/bench/**",
    ],
    message: "Shipped code (main/, preload/, renderer/) may not import sandbox/, server/, dev/, test/ or bench/.",
  },
];

const restrictImports = ({ paths = [], patterns = [] }) => ({
  "no-restricted-imports": ["error", { paths, patterns }],
});

export default tseslint.config(
  { ignores: ["node_modules/", "dist/", "release/", ".tsbuild/", "test-results/", "playwright-report/", "artifacts/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: "module",
      globals: {
        console: "readonly",
        process: "readonly",
        URL: "readonly",
        setTimeout: "readonly",
        clearTimeout: "readonly",
        setInterval: "readonly",
        clearInterval: "readonly",
        Buffer: "readonly",
        globalThis: "readonly",
      },
    },
    rules: {
      ...restrictImports({ paths: [ELECTRON, ELECTRON_STORE] }),
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
      "no-restricted-syntax": ["error", { selector: "ExportDefaultDeclaration", message: "Use named exports." }],
    },
  },
  {
    files: ["**/*.{ts,tsx,mts}"],
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ["*.config.ts"] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { attributes: false } }],
      "@typescript-eslint/await-thenable": "error",
      "@typescript-eslint/switch-exhaustiveness-check": [
        "error",
        { considerDefaultExhaustiveForUnions: true, requireDefaultForNonUnion: false },
      ],
    },
  },
  {
    files: ["renderer/**/*.{ts,tsx}", "dev/preview-entry.tsx"],
    plugins: { "react-hooks": reactHooks },
    rules: { "react-hooks/rules-of-hooks": "error", "react-hooks/exhaustive-deps": "error" },
  },
  {
    files: ["main/**", "preload/**", "renderer/**"],
    rules: restrictImports({ paths: [ELECTRON, ELECTRON_STORE], patterns: SHIPPED_BOUNDARY }),
  },
  {
    // The shell and the preload are the only code that talks to Electron (electron-store: the shell).
    files: ["main/shell/**"],
    rules: restrictImports({ patterns: SHIPPED_BOUNDARY }),
  },
  {
    files: ["preload/**"],
    rules: restrictImports({ paths: [ELECTRON_STORE], patterns: SHIPPED_BOUNDARY }),
  },
  {
    // The sandbox is the server's public entry plus middleware: nothing behind the entry.
    files: ["sandbox/**"],
    rules: restrictImports({
      paths: [ELECTRON, ELECTRON_STORE],
      patterns: [
        {
          group: ["**/server/*", "**/server/*/**", "!**/server/index"],
          message: "The sandbox imports the server only through its public entry (server/index).",
        },
      ],
    }),
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
