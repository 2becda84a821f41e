// Sign in with an API key (checked with GET /api/v1/account). On a server that offers it (embedded
// mode, this machine, not production), "Use the demo account" signs in with the demo key.
import { unwrap } from "@bourse/client";
import { useEffect, useState } from "preact/hooks";
import { describedBy, Field } from "./Field.tsx";
import { api, demoKey } from "./session.ts";

export function SignIn(p: { onKey: (key: string) => void }) {
  const [key, setKey] = useState("");
  const [error, setError] = useState<string | undefined>();
  const [demo, setDemo] = useState<string | undefined>();
  useEffect(() => {
    void demoKey().then(setDemo);
  }, []);

  const signIn = async (candidate: string) => {
    const trimmed = candidate.trim();
    if (trimmed === "") return setError("Enter an API key (bk_…).");
    try {
      await unwrap(api(trimmed).GET("/api/v1/account"));
      p.onKey(trimmed);
    } catch (e) {
      setError(e instanceof Error ? e.message.replace(/^\d+ [A-Z_]+: /, "") : String(e));
    }
  };

  return (
    <main class="sign-in">
      <h1>Bourse</h1>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void signIn(key);
        }}
        noValidate
      >
        <Field id="api-key" label="API key" error={error}>
          <input
            id="api-key"
            type="password"
            autoComplete="off"
            spellcheck={false}
            value={key}
            onInput={(e) => setKey(e.currentTarget.value)}
            {...describedBy("api-key", error)}
          />
        </Field>
        <button type="submit">Sign in</button>
      </form>
      {demo === undefined ? null : (
        <p class="demo">
          <button type="button" onClick={() => void signIn(demo)}>
            Use the demo account
          </button>
        </p>
      )}
      <p class="hint">
        The key stays in this tab (sessionStorage) and goes only to this server. API reference:{" "}
        <a href="/docs/">/docs/</a>
      </p>
    </main>
  );
}
