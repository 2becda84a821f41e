// Candles: OHLCV bars per instrument and interval, built from the venue's public trades; the
// watermark of trades applied per venue run, which makes a trade delivered twice count once; and
// the instrument's mark of the synthetic bars made at a first start.
import { type Kysely, sql } from "kysely";

const up_ = [
  `create table candles (
    symbol text not null references instruments (symbol),
    interval text not null check (interval in ('1m', '5m', '15m', '1h', '1d')),
    t timestamptz not null,
    o numeric not null check (o > 0),
    h numeric not null,
    l numeric not null,
    c numeric not null,
    v numeric not null check (v >= 0),
    n integer not null check (n >= 0),
    updated_at timestamptz not null default now(),
    primary key (symbol, interval, t),
    constraint candles_range check (l <= least(o, c) and h >= greatest(o, c))
  )`,
  // Trade ids restart with each run of the venue (its boot id): one watermark per run.
  `create table candle_feeds (
    symbol text not null references instruments (symbol),
    venue_boot text not null,
    last_trade_id bigint not null check (last_trade_id >= 0),
    updated_at timestamptz not null default now(),
    primary key (symbol, venue_boot)
  )`,
  "alter table instruments add column candles_synthetic_until timestamptz",
];

const down_ = [
  "alter table instruments drop column candles_synthetic_until",
  "drop table candle_feeds",
  "drop table candles",
];

async function run(db: Kysely<unknown>, statements: string[]): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await run(db, up_);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await run(db, down_);
}
