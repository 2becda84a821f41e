// The stream scenario: N WebSocket clients (several per account) on the all-in-one server, orders
// placed at a steady rate, and the time from an order's commit to its event's receipt by every
// client of the account. The commit lies between the POST being sent and its 201: latency is
// reported from both ends (an upper and a lower bound), with the seq checked for gaps and repeats.
import type { WebSocket } from "ws";
import { mapLimit } from "../lib/api.ts";
import { withInstance } from "../lib/instance.ts";
import { cpuSnapshot, cpuUsage, round, rssMiB } from "../lib/proc.ts";
import { type Row, summary } from "../lib/report.ts";
import { postmasterPid } from "../lib/server.ts";
import { connect } from "../lib/ws.ts";
import type { Outcome } from "./load.ts";

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const seconds = (v: string | undefined, fallback: number) =>
  v === undefined ? fallback : Number.parseFloat(v);

interface Client {
  ws: WebSocket;
  account: number;
  lastSeq: number;
  gaps: number;
  repeats: number;
}

export async function stream(): Promise<Outcome> {
  const clientsN = env("BENCH_STREAM_CLIENTS", 1_000);
  const accountsN = env("BENCH_STREAM_ACCOUNTS", 200);
  // Each resting order commits 3 events (order.updated pending, balance.updated, order.updated open).
  const eventsPerS = env("BENCH_STREAM_EVENTS_PER_S", 200);
  const durationS = seconds(process.env.BENCH_DURATION?.replace(/s$/, ""), 15);
  const ordersPerS = eventsPerS / 3;
  const r = await withInstance(
    accountsN,
    async (inst) => {
      const wsUrl = `${inst.server.url.replace(/^http/, "ws")}/api/v1/stream`;
      const pid = inst.server.pid;
      const rssIdle = rssMiB(pid);
      const sent = new Map<string, { send: number; ok: number; account: number }>();
      const received = new Map<string, number[]>();
      const t0 = performance.now();
      const clients: Client[] = await mapLimit(
        Array.from({ length: clientsN }, (_, i) => i),
        50,
        async (i) => {
          const account = i % accountsN;
          const seen = { account, lastSeq: -1, gaps: 0, repeats: 0 };
          const ws = await connect(wsUrl, inst.traders[account]?.key ?? "", (text) => {
            const now = performance.now();
            const m = JSON.parse(text);
            // Events start after the greeting's head_seq: a gap before the first one counts too.
            if (m.type === "authenticated") seen.lastSeq = m.head_seq;
            if (typeof m.seq !== "number") return;
            if (m.seq !== seen.lastSeq + 1) m.seq <= seen.lastSeq ? seen.repeats++ : seen.gaps++;
            seen.lastSeq = m.seq;
            if (m.type === "order.updated" && m.data?.status === "pending") {
              const list = received.get(m.data.id) ?? [];
              list.push(now);
              received.set(m.data.id, list);
            }
          });
          return Object.assign(seen, { ws });
        },
      );
      const connectS = (performance.now() - t0) / 1000;
      console.log(`  ${clients.length} clients connected in ${connectS.toFixed(1)} s`);
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      const rssConnected = rssMiB(pid);
      const cpuBefore = cpuSnapshot(pid, postmasterPid(inst.server.dataDir));

      // Orders at a steady rate, round robin over the accounts, resting far below the market.
      const errors: string[] = [];
      let n = 0;
      const started = performance.now();
      const inflight = new Set<Promise<void>>();
      while (performance.now() - started < durationS * 1_000) {
        const due = Math.floor(((performance.now() - started) / 1_000) * ordersPerS);
        for (; n < due; n++) {
          const account = n % accountsN;
          const send = performance.now();
          const p = fetch(`${inst.server.url}/api/v1/orders`, {
            method: "POST",
            headers: {
              authorization: `Bearer ${inst.traders[account]?.key}`,
              "content-type": "application/json",
            },
            body: JSON.stringify({
              symbol: "BTC-USD",
              side: "buy",
              order_type: "limit",
              quantity: "0.001",
              price: "1000",
            }),
          }).then(async (res) => {
            const body = (await res.json()) as { id?: string };
            if (res.status !== 201 || body.id === undefined) errors.push(`${res.status}`);
            else sent.set(body.id, { send, ok: performance.now(), account });
          });
          inflight.add(p);
          void p.finally(() => inflight.delete(p));
        }
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      await Promise.allSettled([...inflight]);
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      const cpu = cpuUsage(cpuBefore, cpuSnapshot(pid, postmasterPid(inst.server.dataDir)), 2);
      const rssLoaded = rssMiB(pid);

      const perClient = clientsN / accountsN;
      const fromSend: number[] = [];
      const fromOk: number[] = [];
      let missing = 0;
      for (const [id, s] of sent) {
        const times = received.get(id) ?? [];
        missing += Math.max(0, Math.round(perClient) - times.length);
        for (const t of times) {
          fromSend.push(t - s.send);
          fromOk.push(t - s.ok);
        }
      }
      for (const c of clients) c.ws.close(1000);
      const gaps = clients.reduce((a, c) => a + c.gaps, 0);
      const repeats = clients.reduce((a, c) => a + c.repeats, 0);
      return {
        clients: clientsN,
        accounts: accountsN,
        orders: sent.size,
        order_errors: errors.length,
        events_per_s_committed: round((sent.size * 3) / durationS, 1),
        messages_received: fromSend.length,
        missing_receipts: missing,
        seq_gaps: gaps,
        seq_repeats: repeats,
        latency_from_post_sent_ms: summary(fromSend),
        latency_from_201_ms: summary(fromOk),
        rss_mib: { idle: rssIdle, connected: rssConnected, after_load: rssLoaded },
        connect_s: round(connectS, 2),
        cpu,
      };
    },
    "start",
  );
  const l1 = r.latency_from_post_sent_ms;
  const l2 = r.latency_from_201_ms;
  const rows: Row[] = [
    ["clients / accounts", `${r.clients} / ${r.accounts}`],
    ["orders placed (errors)", `${r.orders} (${r.order_errors})`],
    ["events committed per s", r.events_per_s_committed],
    ["order events received by clients", r.messages_received],
    ["missing receipts / seq gaps / seq repeats", `${r.missing_receipts} / ${r.seq_gaps} / ${r.seq_repeats}`],
    [
      "latency POST sent -> event, p50/p90/p99/max ms (upper bound)",
      `${l1.p50} / ${l1.p90} / ${l1.p99} / ${l1.max}`,
    ],
    [
      "latency 201 -> event, p50/p90/p99/max ms (lower bound)",
      `${l2.p50} / ${l2.p90} / ${l2.p99} / ${l2.max}`,
    ],
    [
      "server RSS MiB: idle / 1,000 clients / after load",
      `${r.rss_mib.idle} / ${r.rss_mib.connected} / ${r.rss_mib.after_load}`,
    ],
    [
      "server CPU s / PostgreSQL CPU s / machine busy %",
      `${r.cpu.node_cpu_s} / ${r.cpu.pg_cpu_s} / ${r.cpu.machine_busy_pct}`,
    ],
  ];
  return { rows, data: r as unknown as Record<string, unknown> };
}
