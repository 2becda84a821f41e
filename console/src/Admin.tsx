// The admin view, with the admin token: create accounts, deposit, create and revoke API keys (a
// new key is shown once), start and follow settlement runs. The API has no list of accounts: the
// ones made here are listed for this tab.
import { type BourseClient, BourseError, type components, unwrap } from "@bourse/client";
import { useState } from "preact/hooks";
import { describedBy, Field } from "./Field.tsx";
import { api, storeAdminToken, storedAdminToken } from "./session.ts";

type SettlementRun = components["schemas"]["SettlementRun"];

const message = (error: unknown) =>
  error instanceof BourseError ? error.message.replace(/^\d+ /, "") : String(error);

export function Admin() {
  const [token, setToken] = useState(storedAdminToken());
  if (token === undefined) {
    return (
      <main>
        <AdminSignIn onToken={setToken} />
      </main>
    );
  }
  return (
    <main class="admin">
      <p>
        Signed in with the admin token.{" "}
        <button
          type="button"
          onClick={() => {
            storeAdminToken(undefined);
            setToken(undefined);
          }}
        >
          Forget the admin token
        </button>
      </p>
      <AdminTools client={api(token)} />
    </main>
  );
}

function AdminSignIn(p: { onToken: (token: string) => void }) {
  const [value, setValue] = useState("");
  const [error, setError] = useState<string | undefined>();
  const submit = async (event: Event) => {
    event.preventDefault();
    // Any admin route answers 401 to a wrong token; this one changes nothing (an unknown run → 404).
    const probe = await api(value.trim()).GET("/api/v1/admin/settlements/{id}", {
      params: { path: { id: "00000000-0000-7000-8000-000000000000" } },
    });
    if (probe.response.status === 401 || probe.response.status === 403) {
      setError(probe.error?.error.message ?? "not the admin token");
      return;
    }
    storeAdminToken(value.trim());
    p.onToken(value.trim());
  };
  return (
    <section class="panel narrow">
      <h2>Admin</h2>
      <form onSubmit={submit} noValidate>
        <Field id="admin-token" label="Admin token" error={error}>
          <input
            id="admin-token"
            type="password"
            autoComplete="off"
            value={value}
            onInput={(e) => setValue(e.currentTarget.value)}
            {...describedBy("admin-token", error)}
          />
        </Field>
        <button type="submit">Use admin token</button>
      </form>
    </section>
  );
}

function AdminTools(p: { client: BourseClient }) {
  const [accounts, setAccounts] = useState<{ id: string; name: string }[]>([]);
  const [accountId, setAccountId] = useState("");
  return (
    <div class="admin-grid">
      <CreateAccount
        client={p.client}
        onCreated={(a) => {
          setAccounts([a, ...accounts]);
          setAccountId(a.id);
        }}
      />
      <section class="panel">
        <h2 id="admin-accounts-title">Accounts made here</h2>
        <div class="scroll">
          <table aria-labelledby="admin-accounts-title">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Account ID</th>
              </tr>
            </thead>
            <tbody>
              {accounts.map((a) => (
                <tr key={a.id}>
                  <td>{a.name}</td>
                  <td>
                    <code>{a.id}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <Field id="admin-account" label="Account ID">
          <input
            id="admin-account"
            value={accountId}
            onInput={(e) => setAccountId(e.currentTarget.value.trim())}
          />
        </Field>
      </section>
      <Deposit client={p.client} accountId={accountId} />
      <Keys client={p.client} accountId={accountId} />
      <Settlements client={p.client} />
    </div>
  );
}

function CreateAccount(p: { client: BourseClient; onCreated: (a: { id: string; name: string }) => void }) {
  const [name, setName] = useState("");
  const [error, setError] = useState<string | undefined>();
  const submit = async (event: Event) => {
    event.preventDefault();
    try {
      const account = await unwrap(p.client.POST("/api/v1/admin/accounts", { body: { name: name.trim() } }));
      setError(undefined);
      setName("");
      p.onCreated({ id: account.id, name: account.name });
    } catch (e) {
      setError(message(e));
    }
  };
  return (
    <section class="panel">
      <h2>New account</h2>
      <form onSubmit={submit} noValidate>
        <Field id="account-name" label="Name" error={error}>
          <input
            id="account-name"
            value={name}
            onInput={(e) => setName(e.currentTarget.value)}
            {...describedBy("account-name", error)}
          />
        </Field>
        <button type="submit">Create account</button>
      </form>
    </section>
  );
}

function Deposit(p: { client: BourseClient; accountId: string }) {
  const [asset, setAsset] = useState("USD");
  const [amount, setAmount] = useState("");
  const [result, setResult] = useState<{ ok: boolean; text: string } | undefined>();
  const submit = async (event: Event) => {
    event.preventDefault();
    try {
      await unwrap(
        p.client.POST("/api/v1/admin/accounts/{id}/deposits", {
          params: { path: { id: p.accountId } },
          body: { asset: asset.trim(), amount: amount.trim() },
        }),
      );
      setResult({ ok: true, text: `Deposited ${amount.trim()} ${asset.trim()}.` });
    } catch (e) {
      setResult({ ok: false, text: message(e) });
    }
  };
  return (
    <section class="panel">
      <h2>Deposit</h2>
      <form onSubmit={submit} noValidate>
        <Field id="deposit-asset" label="Asset">
          <input id="deposit-asset" value={asset} onInput={(e) => setAsset(e.currentTarget.value)} />
        </Field>
        <Field id="deposit-amount" label="Amount">
          <input
            id="deposit-amount"
            inputMode="decimal"
            value={amount}
            onInput={(e) => setAmount(e.currentTarget.value)}
          />
        </Field>
        <button type="submit" disabled={p.accountId === ""}>
          Deposit
        </button>
        {result === undefined ? null : (
          <p role={result.ok ? "status" : "alert"} class={result.ok ? "placed" : "form-error"}>
            {result.text}
          </p>
        )}
      </form>
    </section>
  );
}

function Keys(p: { client: BourseClient; accountId: string }) {
  const [scopes, setScopes] = useState({ read: true, trade: true });
  const [created, setCreated] = useState<{ key: string; id: string } | undefined>();
  const [revokeId, setRevokeId] = useState("");
  const [result, setResult] = useState<{ ok: boolean; text: string } | undefined>();
  const create = async () => {
    try {
      const chosen = (["read", "trade"] as const).filter((s) => scopes[s]);
      const key = await unwrap(
        p.client.POST("/api/v1/admin/accounts/{id}/keys", {
          params: { path: { id: p.accountId } },
          body: { scopes: chosen },
        }),
      );
      setCreated({ key: key.key, id: key.id });
      setRevokeId(key.id);
      setResult(undefined);
    } catch (e) {
      setResult({ ok: false, text: message(e) });
    }
  };
  const revoke = async () => {
    try {
      await unwrap(p.client.DELETE("/api/v1/admin/keys/{id}", { params: { path: { id: revokeId } } }));
      setResult({ ok: true, text: "Key revoked." });
      if (created?.id === revokeId) setCreated(undefined);
    } catch (e) {
      setResult({ ok: false, text: message(e) });
    }
  };
  return (
    <section class="panel">
      <h2>API keys</h2>
      <fieldset>
        <legend>Scopes</legend>
        {(["read", "trade"] as const).map((s) => (
          <label key={s}>
            <input
              type="checkbox"
              checked={scopes[s]}
              onChange={(e) => setScopes({ ...scopes, [s]: e.currentTarget.checked })}
            />
            {s}
          </label>
        ))}
      </fieldset>
      <button type="button" disabled={p.accountId === ""} onClick={() => void create()}>
        Create key
      </button>
      {created === undefined ? null : (
        <div class="new-key" role="status">
          <p>New key (shown only now; copy it):</p>
          <output aria-label="New API key">{created.key}</output>
        </div>
      )}
      <Field id="revoke-id" label="Key ID">
        <input id="revoke-id" value={revokeId} onInput={(e) => setRevokeId(e.currentTarget.value.trim())} />
      </Field>
      <button type="button" disabled={revokeId === ""} onClick={() => void revoke()}>
        Revoke key
      </button>
      {result === undefined ? null : (
        <p role={result.ok ? "status" : "alert"} class={result.ok ? "placed" : "form-error"}>
          {result.text}
        </p>
      )}
    </section>
  );
}

function Settlements(p: { client: BourseClient }) {
  const [date, setDate] = useState(new Date(Date.now() - 86_400_000).toISOString().slice(0, 10));
  const [run, setRun] = useState<SettlementRun | undefined>();
  const [error, setError] = useState<string | undefined>();
  const start = async (event: Event) => {
    event.preventDefault();
    try {
      setRun(await unwrap(p.client.POST("/api/v1/admin/settlements", { body: { date } })));
      setError(undefined);
    } catch (e) {
      setError(message(e));
    }
  };
  const refresh = async () => {
    if (run === undefined) return;
    try {
      setRun(
        await unwrap(p.client.GET("/api/v1/admin/settlements/{id}", { params: { path: { id: run.id } } })),
      );
    } catch (e) {
      setError(message(e));
    }
  };
  return (
    <section class="panel">
      <h2>Settlement run</h2>
      <form onSubmit={start} noValidate>
        <Field id="settlement-date" label="Date" error={error}>
          <input
            id="settlement-date"
            type="date"
            value={date}
            onInput={(e) => setDate(e.currentTarget.value)}
            {...describedBy("settlement-date", error)}
          />
        </Field>
        <button type="submit">Start run</button>
      </form>
      {run === undefined ? null : (
        <div role="status">
          <p>
            Run of {run.date}: {run.status}, {run.done} of {run.accounts} statements done.
          </p>
          {run.summary === null ? null : (
            <p>
              {run.summary.fills} fills; statements ready {run.summary.statements.ready}, failed{" "}
              {run.summary.statements.failed}.
            </p>
          )}
          <button type="button" onClick={() => void refresh()}>
            Refresh run
          </button>
        </div>
      )}
    </section>
  );
}
