/**
 * The root: the shell around the current view. All state lives in the model (model/app-model.ts);
 * signing out drops it there in one place. Rendered in the page and, from the first frame's data,
 * outside any browser (first-frame.tsx): nothing here may need a document before its effects run.
 */
import type { JSX } from "preact";
import { useCallback, useEffect } from "preact/hooks";
import { ApiContext } from "./api-context";
import { ErrorNotice } from "./components/error-notice";
import { useKeyboardCommands } from "./keyboard-commands";
import { preloadViews } from "./lazy-view";
import type { AppModel } from "./model/app-model";
import { ModelContext } from "./model/context";
import { ConnectionBanner } from "./views/connection-banner";
import { CurrentView } from "./views/current-view";
import { DEFERRED_VIEWS, IdlePromptDialog, ShortcutsSheet } from "./views/deferred-views";
import { SignInView } from "./views/sign-in";
import { TabBar } from "./views/tab-bar";
import { Titlebar } from "./views/titlebar";

export interface AppProps {
  /** Started by the page (`model.start()`); the first frame renders one that never starts. */
  readonly model: AppModel;
}

export function App({ model }: AppProps): JSX.Element {
  return (
    <ModelContext.Provider value={model}>
      <ApiContext.Provider value={model.api}>
        <Shell model={model} />
      </ApiContext.Provider>
    </ModelContext.Provider>
  );
}

function Shell({ model }: AppProps): JSX.Element {
  const state = model.state.value;
  const bootError = model.bootError.value;
  // Preact runs effects after the first paint: the deferred views load while the user reads.
  useEffect(() => preloadViews(DEFERRED_VIEWS), []);
  useKeyboardCommands(model, state?.account != null);
  // Stable, so the open dialog does not re-run its effects on every render of the shell.
  const closeHelp = useCallback(() => model.setHelpOpen(false), [model]);

  if (state === null) {
    return (
      <main class="app app-center" aria-busy={bootError === null}>
        {bootError ? (
          <ErrorNotice error={bootError} onRetry={() => void model.loadState()} />
        ) : (
          <div class="spinner" role="status" aria-label="Loading" />
        )}
      </main>
    );
  }

  if (state.account === null)
    return <SignInView notices={state.notices} defaultServerUrl={state.defaultServerUrl ?? null} />;

  const prompt = model.idlePrompt.value;
  return (
    <div class="app">
      <Titlebar />
      <TabBar />
      <ConnectionBanner connection={state.connection} />
      {state.notices.length > 0 ? (
        <div class="banner banner-info" role="status">
          {state.notices.join(" ")}
        </div>
      ) : null}
      <main class="view" id="main">
        <CurrentView />
      </main>
      {model.helpOpen.value ? <ShortcutsSheet onClose={closeHelp} /> : null}
      {prompt ? <IdlePromptDialog prompt={prompt} onClose={() => model.dismissIdlePrompt()} /> : null}
    </div>
  );
}
