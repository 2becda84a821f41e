// The admin view, with the admin token: the accounts (searched by name or e-mail), one account's
// deposits, withdrawals and API keys (created, a new key shown once, revoked), settlement runs.
import { type BourseClient, BourseError, type components, unwrap } from "@bourse/client";
import { useEffect, useState } from "preact/hooks";
import { describedBy, Field } from "./Field.tsx";
import { dash, dateTime } from "./format.ts";
import { api, storeAdminToken, storedAdminToken } from "./session.ts";

type SettlementRun = components["schemas"]["SettlementRun"];
type AccountSummary = components["schemas"]["AccountSummary"];
type ApiKey = components["schemas"]["ApiKey"];

const PAGE = 20;
/** An account id as the API takes it: anything else is not asked for (a 422 for every keystroke). */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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
  const [accountId, setAccountId] = useState("");
  // Bumped by what changes a list (a new account), so that the list is read again.
  const [accountsVersion, setAccountsVersion] = useState(0);
  return (
    <div class="admin-grid">
      <CreateAccount
        client={p.client}
        onCreated={(a) => {
          setAccountsVersion((v) => v + 1);
          setAccountId(a.id);
        }}
      />
      <Money client={p.client} accountId={accountId} />
      <Accounts client={p.client} version={accountsVersion} accountId={accountId} onAccount={setAccountId} />
      <Keys client={p.client} accountId={accountId} />
      <Settlements client={p.client} />
    </div>
  );
}

/** Every account, newest first, found by part of a name or e-mail (`?q=`); a row picks the account the other panels act on. */
function Accounts(p: {
  client: BourseClient;
  version: number;
  accountId: string;
  onAccount: (id: string) => void;
}) {
  const [q, setQ] = useState("");
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const [page, setPage] = useState<{ data: AccountSummary[]; next: string | null }>({ data: [], next: null });
  const [error, setError] = useState<string | undefined>();
  const cursor = cursors[cursors.length - 1];
  useEffect(() => {
    let current = true;
    const query = q.trim() === "" ? { limit: PAGE, cursor } : { q: q.trim(), limit: PAGE, cursor };
    void unwrap(p.client.GET("/api/v1/admin/accounts", { params: { query } }))
      .then((r) => {
        if (!current) return;
        setPage({ data: r.data, next: r.next_cursor });
        setError(undefined);
      })
      .catch((e) => current && setError(message(e)));
    return () => {
      current = false;
    };
  }, [q, cursor, p.version, p.client]);
  return (
    <section class="panel wide">
      <h2 id="admin-accounts-title">Accounts</h2>
      <Field id="admin-search" label="Search accounts" error={error}>
        <input
          id="admin-search"
          type="search"
          placeholder="name or e-mail"
          value={q}
          onInput={(e) => {
            setQ(e.currentTarget.value);
            setCursors([undefined]);
          }}
          {...describedBy("admin-search", error)}
        />
      </Field>
      <div class="scroll">
        <table aria-labelledby="admin-accounts-title">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">E-mail</th>
              <th scope="col">Created</th>
              <th scope="col">Account ID</th>
              <th scope="col">
                <span class="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {page.data.map((a) => (
              <tr key={a.id} aria-selected={a.id === p.accountId}>
                <td>{a.name}</td>
                <td>{dash(a.email)}</td>
                <td>{dateTime(a.created_at)}</td>
                <td>
                  <code>{a.id}</code>
                </td>
                <td class="actions">
                  <button type="button" aria-pressed={a.id === p.accountId} onClick={() => p.onAccount(a.id)}>
                    Select
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {page.data.length === 0 ? <p class="empty">No accounts found.</p> : null}
      <nav class="pager" aria-label="Accounts pages">
        <button
          type="button"
          disabled={cursor === undefined}
          onClick={() => setCursors(cursors.slice(0, -1))}
        >
          Newer
        </button>
        <button
          type="button"
          disabled={page.next === null}
          onClick={() => page.next !== null && setCursors([...cursors, page.next])}
        >
          Older
        </button>
      </nav>
      <Field id="admin-account" label="Account ID">
        <input
          id="admin-account"
          value={p.accountId}
          onInput={(e) => p.onAccount(e.currentTarget.value.trim())}
        />
      </Field>
    </section>
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

/** Money in (deposit) and out (withdrawal) of the chosen account's available balance. */
function Money(p: { client: BourseClient; accountId: string }) {
  const [asset, setAsset] = useState("USD");
  const [amount, setAmount] = useState("");
  const [result, setResult] = useState<{ ok: boolean; text: string } | undefined>();
  const move = async (kind: "deposits" | "withdrawals") => {
    const body = { asset: asset.trim(), amount: amount.trim() };
    const params = { path: { id: p.accountId } };
    try {
      if (kind === "deposits")
        await unwrap(p.client.POST("/api/v1/admin/accounts/{id}/deposits", { params, body }));
      else await unwrap(p.client.POST("/api/v1/admin/accounts/{id}/withdrawals", { params, body }));
      setResult({
        ok: true,
        text: `${kind === "deposits" ? "Deposited" : "Withdrew"} ${body.amount} ${body.asset}.`,
      });
    } catch (e) {
      setResult({ ok: false, text: message(e) });
    }
  };
  return (
    <section class="panel">
      <h2>Deposit or withdraw</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void move("deposits");
        }}
        noValidate
      >
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
        <div class="buttons">
          <button type="submit" disabled={p.accountId === ""}>
            Deposit
          </button>
          <button type="button" disabled={p.accountId === ""} onClick={() => void move("withdrawals")}>
            Withdraw
          </button>
        </div>
        {result === undefined ? null : (
          <p role={result.ok ? "status" : "alert"} class={result.ok ? "placed" : "form-error"}>
            {result.text}
          </p>
        )}
      </form>
    </section>
  );
}

/** The chosen account's keys (GET …/keys), each revocable; a new key is shown once. */
function Keys(p: { client: BourseClient; accountId: string }) {
  const [scopes, setScopes] = useState({ read: true, trade: true });
  const [created, setCreated] = useState<{ key: string; id: string } | undefined>();
  const [keys, setKeys] = useState<ApiKey[]>([]);
  const [version, setVersion] = useState(0);
  const [result, setResult] = useState<{ ok: boolean; text: string } | undefined>();
  useEffect(() => {
    setCreated(undefined);
    setResult(undefined);
  }, [p.accountId]);
  useEffect(() => {
    let current = true;
    if (!UUID.test(p.accountId)) {
      setKeys([]);
      return;
    }
    void unwrap(
      p.client.GET("/api/v1/admin/accounts/{id}/keys", {
        params: { path: { id: p.accountId }, query: { limit: 100 } },
      }),
    )
      .then((r) => current && setKeys(r.data))
      .catch((e) => {
        if (!current) return;
        setKeys([]);
        setResult({ ok: false, text: message(e) });
      });
    return () => {
      current = false;
    };
  }, [p.accountId, version, p.client]);
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
      setResult(undefined);
      setVersion((v) => v + 1);
    } catch (e) {
      setResult({ ok: false, text: message(e) });
    }
  };
  const revoke = async (id: string) => {
    try {
      await unwrap(p.client.DELETE("/api/v1/admin/keys/{id}", { params: { path: { id } } }));
      setResult({ ok: true, text: "Key revoked." });
      if (created?.id === id) setCreated(undefined);
      setVersion((v) => v + 1);
    } catch (e) {
      setResult({ ok: false, text: message(e) });
    }
  };
  return (
    <section class="panel wide">
      <h2 id="admin-keys-title">API keys</h2>
      <div class="scroll">
        <table aria-labelledby="admin-keys-title">
          <thead>
            <tr>
              <th scope="col">Prefix</th>
              <th scope="col">Scopes</th>
              <th scope="col">Created</th>
              <th scope="col">Last used</th>
              <th scope="col">Revoked</th>
              <th scope="col">
                <span class="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {keys.map((k) => (
              <tr key={k.id} data-key-id={k.id}>
                <td>
                  <code>{k.prefix}</code>
                </td>
                <td>{k.scopes.join(", ")}</td>
                <td>{dateTime(k.created_at)}</td>
                <td>{k.last_used_at === null ? "—" : dateTime(k.last_used_at)}</td>
                <td>{k.revoked_at === null ? "—" : dateTime(k.revoked_at)}</td>
                <td class="actions">
                  {k.revoked_at === null ? (
                    <button type="button" onClick={() => void revoke(k.id)}>
                      Revoke
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {p.accountId === "" ? <p class="empty">Select an account to see its keys.</p> : null}
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
      {result === undefined ? null : (
        <p role={result.ok ? "status" : "alert"} class={result.ok ? "placed" : "form-error"}>
          {result.text}
        </p>
      )}
    </section>
  );
}

/** Settlement runs, newest first (GET /api/v1/admin/settlements), and a form to start one. */
function Settlements(p: { client: BourseClient }) {
  const [date, setDate] = useState(new Date(Date.now() - 86_400_000).toISOString().slice(0, 10));
  const [runs, setRuns] = useState<SettlementRun[]>([]);
  const [version, setVersion] = useState(0);
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    let current = true;
    void unwrap(p.client.GET("/api/v1/admin/settlements", { params: { query: { limit: PAGE } } }))
      .then((r) => current && setRuns(r.data))
      .catch((e) => current && setError(message(e)));
    return () => {
      current = false;
    };
  }, [version, p.client]);
  const start = async (event: Event) => {
    event.preventDefault();
    try {
      await unwrap(p.client.POST("/api/v1/admin/settlements", { body: { date } }));
      setError(undefined);
      setVersion((v) => v + 1);
    } catch (e) {
      setError(message(e));
    }
  };
  return (
    <section class="panel wide">
      <h2 id="admin-settlements-title">Settlement runs</h2>
      <form onSubmit={start} noValidate class="inline-form">
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
        <button type="button" onClick={() => setVersion((v) => v + 1)}>
          Refresh runs
        </button>
      </form>
      <div class="scroll">
        <table aria-labelledby="admin-settlements-title">
          <thead>
            <tr>
              <th scope="col">Date</th>
              <th scope="col">Status</th>
              <th scope="col">Statements</th>
              <th scope="col">Fills</th>
              <th scope="col">Started</th>
              <th scope="col">Completed</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((r) => (
              <tr key={r.id}>
                <td>{r.date}</td>
                <td>{r.status}</td>
                <td class="num">
                  {r.done} of {r.accounts}
                  {r.summary === null ? "" : ` (${r.summary.statements.failed} failed)`}
                </td>
                <td class="num">{r.summary === null ? "—" : r.summary.fills}</td>
                <td>{dateTime(r.created_at)}</td>
                <td>{r.completed_at === null ? "—" : dateTime(r.completed_at)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {runs.length === 0 ? <p class="empty">No settlement runs yet.</p> : null}
    </section>
  );
}
