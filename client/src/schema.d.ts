// Generated from the app's /openapi.json by `npm run client:generate`: do not edit.

export type paths = {
    "/api/v1/instruments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Listed instruments (public) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Instrument"][];
                        };
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orders": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List this account's orders, newest first */
        get: {
            parameters: {
                query?: {
                    /** @example BTC-USD */
                    symbol?: string;
                    status?: "pending" | "open" | "partially_filled" | "filled" | "cancelled" | "expired" | "rejected" | "failed";
                    side?: "buy" | "sell";
                    /** @description page size, 1–500 */
                    limit?: number;
                    /** @description next_cursor from the previous page */
                    cursor?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Order"][];
                            next_cursor: string | null;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Place an order
         * @description Validates, checks and holds funds, and queues the order for the venue in one transaction. Replaying a client_order_id with the same body returns the existing order with 200; with a different body, 409 IDEMPOTENCY_MISMATCH. 422 INSUFFICIENT_FUNDS says what the order needs and what is available (details: needed, available, each an amount and asset).
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description 1–255 printable ASCII characters. The first response (status, body, Content-Type and Location) is kept 24 h per credential (API key, or the admin token); the same method, path and JSON body under the same key answers it again with Idempotent-Replayed: true, without running again. Another request under the key: 409 IDEMPOTENCY_MISMATCH; the same one while the first still runs: 409 CONFLICT. A request refused by validation keeps nothing, and a 5xx answer is not kept (a retry runs again). A claim whose request never answered is released after 60 s. */
                    "Idempotency-Key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @example BTC-USD */
                        symbol: string;
                        /** @enum {string} */
                        side: "buy" | "sell";
                        /** @description quantity: decimal string (or JSON number), > 0 */
                        quantity?: string | number;
                        /** @description your id for this order, unique per account; replaying it returns the same order */
                        client_order_id?: string;
                        /**
                         * @description simple (default); bracket: a market or limit entry with take_profit and stop_loss exits for what it fills (for a buy take_profit.limit_price > entry > stop_loss.stop_price, reversed for a sell; the reference price stands in for a market entry); oto: an entry with one of them; oco: a limit order (the take-profit, at `price`) with a stop_loss, closing a position you hold. The legs are orders of their own with `parent_order_id`; the exits of one class share one hold.
                         * @default simple
                         * @enum {string}
                         */
                        order_class?: "simple" | "bracket" | "oco" | "oto";
                        /** @description bracket, oto (and oco, where it must equal price): the take-profit limit leg */
                        take_profit?: {
                            /** @description take_profit.limit_price: decimal string (or JSON number), > 0 */
                            limit_price: string | number;
                        };
                        /** @description bracket, oto, oco: the stop-loss leg, a stop (a stop-limit with limit_price) */
                        stop_loss?: {
                            /** @description stop_loss.stop_price: decimal string (or JSON number), > 0 */
                            stop_price: string | number;
                            /** @description stop_loss.limit_price: decimal string (or JSON number), > 0 */
                            limit_price?: string | number;
                        };
                        /** @enum {string} */
                        order_type: "market";
                        /** @description market orders only, instead of quantity: buy for, or sell for, this much of the quote asset. The quantity follows from the fills (each rounded down to the lot size) and never spends more than the notional (buy) nor sells for more than it; the order's quantity shows what it filled. A buy holds the notional plus the taker fee. A sell holds notional / (reference price × (1 − slippage_tolerance)) of the base asset, rounded up to the lot size: the most it may sell at the worst price it accepts (422 INSUFFICIENT_FUNDS when the account has less); fills release it. */
                        notional?: string | number;
                        /**
                         * @description market orders never rest: ioc or fok
                         * @default ioc
                         * @enum {string}
                         */
                        time_in_force?: "ioc" | "fok";
                        /** @description price is not allowed for market orders */
                        price?: unknown;
                        /** @description trigger_price is only allowed for stop and stop_limit orders */
                        trigger_price?: unknown;
                        /** @description 0..0.1, default 0.01: sizes the hold and bounds the worst accepted price */
                        slippage_tolerance?: string | number;
                        /** @description post_only is only allowed for limit orders */
                        post_only?: unknown;
                        /** @description expire_at is only allowed with time_in_force gtd (market orders never rest) */
                        expire_at?: unknown;
                    } | {
                        /** @example BTC-USD */
                        symbol: string;
                        /** @enum {string} */
                        side: "buy" | "sell";
                        /** @description quantity: decimal string (or JSON number), > 0 */
                        quantity: string | number;
                        /** @description your id for this order, unique per account; replaying it returns the same order */
                        client_order_id?: string;
                        /**
                         * @description simple (default); bracket: a market or limit entry with take_profit and stop_loss exits for what it fills (for a buy take_profit.limit_price > entry > stop_loss.stop_price, reversed for a sell; the reference price stands in for a market entry); oto: an entry with one of them; oco: a limit order (the take-profit, at `price`) with a stop_loss, closing a position you hold. The legs are orders of their own with `parent_order_id`; the exits of one class share one hold.
                         * @default simple
                         * @enum {string}
                         */
                        order_class?: "simple" | "bracket" | "oco" | "oto";
                        /** @description bracket, oto (and oco, where it must equal price): the take-profit limit leg */
                        take_profit?: {
                            /** @description take_profit.limit_price: decimal string (or JSON number), > 0 */
                            limit_price: string | number;
                        };
                        /** @description bracket, oto, oco: the stop-loss leg, a stop (a stop-limit with limit_price) */
                        stop_loss?: {
                            /** @description stop_loss.stop_price: decimal string (or JSON number), > 0 */
                            stop_price: string | number;
                            /** @description stop_loss.limit_price: decimal string (or JSON number), > 0 */
                            limit_price?: string | number;
                        };
                        /** @enum {string} */
                        order_type: "limit";
                        /**
                         * @description gtc (default), ioc, fok, day, or gtd (good till expire_at)
                         * @default gtc
                         * @enum {string}
                         */
                        time_in_force?: "gtc" | "ioc" | "fok" | "day" | "gtd";
                        /** @description price: decimal string (or JSON number), > 0 */
                        price: string | number;
                        /** @description trigger_price is only allowed for stop and stop_limit orders */
                        trigger_price?: unknown;
                        /** @description slippage_tolerance is only allowed for market and stop orders */
                        slippage_tolerance?: unknown;
                        /**
                         * @description limit only, default false: the order must add liquidity. If it would take any on arrival at the venue (its price reaches the other side of the book), it is rejected with reject_reason post_only: no fill, hold released. Not with ioc or fok. A replace that would make it take is refused (409 ORDER_NOT_REPLACEABLE).
                         * @default false
                         */
                        post_only?: boolean;
                        /**
                         * Format: date-time
                         * @description required with time_in_force gtd, forbidden otherwise: an RFC 3339 date-time, in the future and at most 90 days ahead. The order expires at that instant (status expired, hold released), to the second; the instant is kept to the millisecond.
                         */
                        expire_at?: string;
                        /** @description notional is only allowed for market orders */
                        notional?: unknown;
                    } | {
                        /** @example BTC-USD */
                        symbol: string;
                        /** @enum {string} */
                        side: "buy" | "sell";
                        /** @description quantity: decimal string (or JSON number), > 0 */
                        quantity: string | number;
                        /** @description your id for this order, unique per account; replaying it returns the same order */
                        client_order_id?: string;
                        /**
                         * @description simple (default); bracket: a market or limit entry with take_profit and stop_loss exits for what it fills (for a buy take_profit.limit_price > entry > stop_loss.stop_price, reversed for a sell; the reference price stands in for a market entry); oto: an entry with one of them; oco: a limit order (the take-profit, at `price`) with a stop_loss, closing a position you hold. The legs are orders of their own with `parent_order_id`; the exits of one class share one hold.
                         * @default simple
                         * @enum {string}
                         */
                        order_class?: "simple" | "bracket" | "oco" | "oto";
                        /** @description bracket, oto (and oco, where it must equal price): the take-profit limit leg */
                        take_profit?: {
                            /** @description take_profit.limit_price: decimal string (or JSON number), > 0 */
                            limit_price: string | number;
                        };
                        /** @description bracket, oto, oco: the stop-loss leg, a stop (a stop-limit with limit_price) */
                        stop_loss?: {
                            /** @description stop_loss.stop_price: decimal string (or JSON number), > 0 */
                            stop_price: string | number;
                            /** @description stop_loss.limit_price: decimal string (or JSON number), > 0 */
                            limit_price?: string | number;
                        };
                        /** @enum {string} */
                        order_type: "stop";
                        /**
                         * @description gtc (default), ioc, fok, day, or gtd (good till expire_at)
                         * @default gtc
                         * @enum {string}
                         */
                        time_in_force?: "gtc" | "ioc" | "fok" | "day" | "gtd";
                        /** @description price is not allowed for stop orders (use stop_limit) */
                        price?: unknown;
                        /** @description trigger_price: decimal string (or JSON number), > 0 */
                        trigger_price: string | number;
                        /** @description 0..0.1, default 0.01: sizes the hold and bounds the worst accepted price */
                        slippage_tolerance?: string | number;
                        /** @description post_only is only allowed for limit orders */
                        post_only?: unknown;
                        /**
                         * Format: date-time
                         * @description required with time_in_force gtd, forbidden otherwise: an RFC 3339 date-time, in the future and at most 90 days ahead. The order expires at that instant (status expired, hold released), to the second; the instant is kept to the millisecond.
                         */
                        expire_at?: string;
                        /** @description notional is only allowed for market orders */
                        notional?: unknown;
                    } | {
                        /** @example BTC-USD */
                        symbol: string;
                        /** @enum {string} */
                        side: "buy" | "sell";
                        /** @description quantity: decimal string (or JSON number), > 0 */
                        quantity: string | number;
                        /** @description your id for this order, unique per account; replaying it returns the same order */
                        client_order_id?: string;
                        /**
                         * @description simple (default); bracket: a market or limit entry with take_profit and stop_loss exits for what it fills (for a buy take_profit.limit_price > entry > stop_loss.stop_price, reversed for a sell; the reference price stands in for a market entry); oto: an entry with one of them; oco: a limit order (the take-profit, at `price`) with a stop_loss, closing a position you hold. The legs are orders of their own with `parent_order_id`; the exits of one class share one hold.
                         * @default simple
                         * @enum {string}
                         */
                        order_class?: "simple" | "bracket" | "oco" | "oto";
                        /** @description bracket, oto (and oco, where it must equal price): the take-profit limit leg */
                        take_profit?: {
                            /** @description take_profit.limit_price: decimal string (or JSON number), > 0 */
                            limit_price: string | number;
                        };
                        /** @description bracket, oto, oco: the stop-loss leg, a stop (a stop-limit with limit_price) */
                        stop_loss?: {
                            /** @description stop_loss.stop_price: decimal string (or JSON number), > 0 */
                            stop_price: string | number;
                            /** @description stop_loss.limit_price: decimal string (or JSON number), > 0 */
                            limit_price?: string | number;
                        };
                        /** @enum {string} */
                        order_type: "stop_limit";
                        /**
                         * @description gtc (default), ioc, fok, day, or gtd (good till expire_at)
                         * @default gtc
                         * @enum {string}
                         */
                        time_in_force?: "gtc" | "ioc" | "fok" | "day" | "gtd";
                        /** @description price: decimal string (or JSON number), > 0 */
                        price: string | number;
                        /** @description trigger_price: decimal string (or JSON number), > 0 */
                        trigger_price: string | number;
                        /** @description slippage_tolerance is only allowed for market and stop orders */
                        slippage_tolerance?: unknown;
                        /** @description post_only is only allowed for limit orders */
                        post_only?: unknown;
                        /**
                         * Format: date-time
                         * @description required with time_in_force gtd, forbidden otherwise: an RFC 3339 date-time, in the future and at most 90 days ahead. The order expires at that instant (status expired, hold released), to the second; the instant is kept to the millisecond.
                         */
                        expire_at?: string;
                        /** @description notional is only allowed for market orders */
                        notional?: unknown;
                    } | {
                        /** @example BTC-USD */
                        symbol: string;
                        /** @enum {string} */
                        side: "buy" | "sell";
                        /** @description quantity: decimal string (or JSON number), > 0 */
                        quantity: string | number;
                        /** @description your id for this order, unique per account; replaying it returns the same order */
                        client_order_id?: string;
                        /**
                         * @description simple (default); bracket: a market or limit entry with take_profit and stop_loss exits for what it fills (for a buy take_profit.limit_price > entry > stop_loss.stop_price, reversed for a sell; the reference price stands in for a market entry); oto: an entry with one of them; oco: a limit order (the take-profit, at `price`) with a stop_loss, closing a position you hold. The legs are orders of their own with `parent_order_id`; the exits of one class share one hold.
                         * @default simple
                         * @enum {string}
                         */
                        order_class?: "simple" | "bracket" | "oco" | "oto";
                        /** @description bracket, oto (and oco, where it must equal price): the take-profit limit leg */
                        take_profit?: {
                            /** @description take_profit.limit_price: decimal string (or JSON number), > 0 */
                            limit_price: string | number;
                        };
                        /** @description bracket, oto, oco: the stop-loss leg, a stop (a stop-limit with limit_price) */
                        stop_loss?: {
                            /** @description stop_loss.stop_price: decimal string (or JSON number), > 0 */
                            stop_price: string | number;
                            /** @description stop_loss.limit_price: decimal string (or JSON number), > 0 */
                            limit_price?: string | number;
                        };
                        /** @enum {string} */
                        order_type: "trailing_stop";
                        /**
                         * @description how long the trailing stop waits for its trigger: gtc or day
                         * @default gtc
                         * @enum {string}
                         */
                        time_in_force?: "gtc" | "day";
                        /** @description price is not allowed for trailing_stop orders */
                        price?: unknown;
                        /** @description trigger_price is set by the venue for trailing_stop orders (it follows the mark) */
                        trigger_price?: unknown;
                        /** @description trailing_stop: the trigger trails the mark by this price distance */
                        trail_price?: string | number;
                        /** @description trailing_stop: the trigger trails the mark by this percentage of it (0 < p <= 50, up to 4 decimals) */
                        trail_percent?: string | number;
                        /** @description 0..0.1, default 0.01: sizes the hold and bounds the worst accepted price */
                        slippage_tolerance?: string | number;
                        /** @description post_only is only allowed for limit orders */
                        post_only?: unknown;
                        /** @description expire_at is only allowed with time_in_force gtd (trailing stops wait gtc or day) */
                        expire_at?: unknown;
                        /** @description notional is only allowed for market orders */
                        notional?: unknown;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        /** @description true when this is the kept response of an earlier request with the same Idempotency-Key */
                        "Idempotent-Replayed"?: "true";
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["OrderWithLegs"];
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        /** @description true when this is the kept response of an earlier request with the same Idempotency-Key */
                        "Idempotent-Replayed"?: "true";
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["OrderWithLegs"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        /** @description true when this is the kept response of an earlier request with the same Idempotency-Key */
                        "Idempotent-Replayed"?: "true";
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        /** @description true when this is the kept response of an earlier request with the same Idempotency-Key */
                        "Idempotent-Replayed"?: "true";
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        /** @description true when this is the kept response of an earlier request with the same Idempotency-Key */
                        "Idempotent-Replayed"?: "true";
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        /** @description true when this is the kept response of an earlier request with the same Idempotency-Key */
                        "Idempotent-Replayed"?: "true";
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        /** Cancel all open orders, optionally of one symbol */
        delete: {
            parameters: {
                query?: {
                    /** @example BTC-USD */
                    symbol?: string;
                };
                header?: {
                    /** @description 1–255 printable ASCII characters. The first response (status, body, Content-Type and Location) is kept 24 h per credential (API key, or the admin token); the same method, path and JSON body under the same key answers it again with Idempotent-Replayed: true, without running again. Another request under the key: 409 IDEMPOTENCY_MISMATCH; the same one while the first still runs: 409 CONFLICT. A request refused by validation keeps nothing, and a 5xx answer is not kept (a retry runs again). A claim whose request never answered is released after 60 s. */
                    "Idempotency-Key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        /** @description true when this is the kept response of an earlier request with the same Idempotency-Key */
                        "Idempotent-Replayed"?: "true";
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Order"][];
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        /** @description true when this is the kept response of an earlier request with the same Idempotency-Key */
                        "Idempotent-Replayed"?: "true";
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        /** @description true when this is the kept response of an earlier request with the same Idempotency-Key */
                        "Idempotent-Replayed"?: "true";
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        /** @description true when this is the kept response of an earlier request with the same Idempotency-Key */
                        "Idempotent-Replayed"?: "true";
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orders/preview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Preview an order: what placing this body would do, with no side effect
         * @description Takes the body of POST /api/v1/orders and runs placement's checks (schema, instrument, tick, lot, expiry, client_order_id, funds) without writing anything: no order, no hold, no event, no job. Always 200 for a body that is JSON: accepted false with the error object placing it would get (VALIDATION_ERROR, UNKNOWN_SYMBOL, INSTRUMENT_HALTED, INSUFFICIENT_FUNDS, IDEMPOTENCY_MISMATCH). The estimated price walks the venue's book (up to 100 levels a side, cached as market data is) for market orders. Needs the trade scope and counts against the key's trading rate limit, as placing does. The estimates are not a promise: the book moves, and the venue decides.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description 1–255 printable ASCII characters. The first response (status, body, Content-Type and Location) is kept 24 h per credential (API key, or the admin token); the same method, path and JSON body under the same key answers it again with Idempotent-Replayed: true, without running again. Another request under the key: 409 IDEMPOTENCY_MISMATCH; the same one while the first still runs: 409 CONFLICT. A request refused by validation keeps nothing, and a 5xx answer is not kept (a retry runs again). A claim whose request never answered is released after 60 s. */
                    "Idempotency-Key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @example BTC-USD */
                        symbol: string;
                        /** @enum {string} */
                        side: "buy" | "sell";
                        /** @description quantity: decimal string (or JSON number), > 0 */
                        quantity?: string | number;
                        /** @description your id for this order, unique per account; replaying it returns the same order */
                        client_order_id?: string;
                        /**
                         * @description simple (default); bracket: a market or limit entry with take_profit and stop_loss exits for what it fills (for a buy take_profit.limit_price > entry > stop_loss.stop_price, reversed for a sell; the reference price stands in for a market entry); oto: an entry with one of them; oco: a limit order (the take-profit, at `price`) with a stop_loss, closing a position you hold. The legs are orders of their own with `parent_order_id`; the exits of one class share one hold.
                         * @default simple
                         * @enum {string}
                         */
                        order_class?: "simple" | "bracket" | "oco" | "oto";
                        /** @description bracket, oto (and oco, where it must equal price): the take-profit limit leg */
                        take_profit?: {
                            /** @description take_profit.limit_price: decimal string (or JSON number), > 0 */
                            limit_price: string | number;
                        };
                        /** @description bracket, oto, oco: the stop-loss leg, a stop (a stop-limit with limit_price) */
                        stop_loss?: {
                            /** @description stop_loss.stop_price: decimal string (or JSON number), > 0 */
                            stop_price: string | number;
                            /** @description stop_loss.limit_price: decimal string (or JSON number), > 0 */
                            limit_price?: string | number;
                        };
                        /** @enum {string} */
                        order_type: "market";
                        /** @description market orders only, instead of quantity: buy for, or sell for, this much of the quote asset. The quantity follows from the fills (each rounded down to the lot size) and never spends more than the notional (buy) nor sells for more than it; the order's quantity shows what it filled. A buy holds the notional plus the taker fee. A sell holds notional / (reference price × (1 − slippage_tolerance)) of the base asset, rounded up to the lot size: the most it may sell at the worst price it accepts (422 INSUFFICIENT_FUNDS when the account has less); fills release it. */
                        notional?: string | number;
                        /**
                         * @description market orders never rest: ioc or fok
                         * @default ioc
                         * @enum {string}
                         */
                        time_in_force?: "ioc" | "fok";
                        /** @description price is not allowed for market orders */
                        price?: unknown;
                        /** @description trigger_price is only allowed for stop and stop_limit orders */
                        trigger_price?: unknown;
                        /** @description 0..0.1, default 0.01: sizes the hold and bounds the worst accepted price */
                        slippage_tolerance?: string | number;
                        /** @description post_only is only allowed for limit orders */
                        post_only?: unknown;
                        /** @description expire_at is only allowed with time_in_force gtd (market orders never rest) */
                        expire_at?: unknown;
                    } | {
                        /** @example BTC-USD */
                        symbol: string;
                        /** @enum {string} */
                        side: "buy" | "sell";
                        /** @description quantity: decimal string (or JSON number), > 0 */
                        quantity: string | number;
                        /** @description your id for this order, unique per account; replaying it returns the same order */
                        client_order_id?: string;
                        /**
                         * @description simple (default); bracket: a market or limit entry with take_profit and stop_loss exits for what it fills (for a buy take_profit.limit_price > entry > stop_loss.stop_price, reversed for a sell; the reference price stands in for a market entry); oto: an entry with one of them; oco: a limit order (the take-profit, at `price`) with a stop_loss, closing a position you hold. The legs are orders of their own with `parent_order_id`; the exits of one class share one hold.
                         * @default simple
                         * @enum {string}
                         */
                        order_class?: "simple" | "bracket" | "oco" | "oto";
                        /** @description bracket, oto (and oco, where it must equal price): the take-profit limit leg */
                        take_profit?: {
                            /** @description take_profit.limit_price: decimal string (or JSON number), > 0 */
                            limit_price: string | number;
                        };
                        /** @description bracket, oto, oco: the stop-loss leg, a stop (a stop-limit with limit_price) */
                        stop_loss?: {
                            /** @description stop_loss.stop_price: decimal string (or JSON number), > 0 */
                            stop_price: string | number;
                            /** @description stop_loss.limit_price: decimal string (or JSON number), > 0 */
                            limit_price?: string | number;
                        };
                        /** @enum {string} */
                        order_type: "limit";
                        /**
                         * @description gtc (default), ioc, fok, day, or gtd (good till expire_at)
                         * @default gtc
                         * @enum {string}
                         */
                        time_in_force?: "gtc" | "ioc" | "fok" | "day" | "gtd";
                        /** @description price: decimal string (or JSON number), > 0 */
                        price: string | number;
                        /** @description trigger_price is only allowed for stop and stop_limit orders */
                        trigger_price?: unknown;
                        /** @description slippage_tolerance is only allowed for market and stop orders */
                        slippage_tolerance?: unknown;
                        /**
                         * @description limit only, default false: the order must add liquidity. If it would take any on arrival at the venue (its price reaches the other side of the book), it is rejected with reject_reason post_only: no fill, hold released. Not with ioc or fok. A replace that would make it take is refused (409 ORDER_NOT_REPLACEABLE).
                         * @default false
                         */
                        post_only?: boolean;
                        /**
                         * Format: date-time
                         * @description required with time_in_force gtd, forbidden otherwise: an RFC 3339 date-time, in the future and at most 90 days ahead. The order expires at that instant (status expired, hold released), to the second; the instant is kept to the millisecond.
                         */
                        expire_at?: string;
                        /** @description notional is only allowed for market orders */
                        notional?: unknown;
                    } | {
                        /** @example BTC-USD */
                        symbol: string;
                        /** @enum {string} */
                        side: "buy" | "sell";
                        /** @description quantity: decimal string (or JSON number), > 0 */
                        quantity: string | number;
                        /** @description your id for this order, unique per account; replaying it returns the same order */
                        client_order_id?: string;
                        /**
                         * @description simple (default); bracket: a market or limit entry with take_profit and stop_loss exits for what it fills (for a buy take_profit.limit_price > entry > stop_loss.stop_price, reversed for a sell; the reference price stands in for a market entry); oto: an entry with one of them; oco: a limit order (the take-profit, at `price`) with a stop_loss, closing a position you hold. The legs are orders of their own with `parent_order_id`; the exits of one class share one hold.
                         * @default simple
                         * @enum {string}
                         */
                        order_class?: "simple" | "bracket" | "oco" | "oto";
                        /** @description bracket, oto (and oco, where it must equal price): the take-profit limit leg */
                        take_profit?: {
                            /** @description take_profit.limit_price: decimal string (or JSON number), > 0 */
                            limit_price: string | number;
                        };
                        /** @description bracket, oto, oco: the stop-loss leg, a stop (a stop-limit with limit_price) */
                        stop_loss?: {
                            /** @description stop_loss.stop_price: decimal string (or JSON number), > 0 */
                            stop_price: string | number;
                            /** @description stop_loss.limit_price: decimal string (or JSON number), > 0 */
                            limit_price?: string | number;
                        };
                        /** @enum {string} */
                        order_type: "stop";
                        /**
                         * @description gtc (default), ioc, fok, day, or gtd (good till expire_at)
                         * @default gtc
                         * @enum {string}
                         */
                        time_in_force?: "gtc" | "ioc" | "fok" | "day" | "gtd";
                        /** @description price is not allowed for stop orders (use stop_limit) */
                        price?: unknown;
                        /** @description trigger_price: decimal string (or JSON number), > 0 */
                        trigger_price: string | number;
                        /** @description 0..0.1, default 0.01: sizes the hold and bounds the worst accepted price */
                        slippage_tolerance?: string | number;
                        /** @description post_only is only allowed for limit orders */
                        post_only?: unknown;
                        /**
                         * Format: date-time
                         * @description required with time_in_force gtd, forbidden otherwise: an RFC 3339 date-time, in the future and at most 90 days ahead. The order expires at that instant (status expired, hold released), to the second; the instant is kept to the millisecond.
                         */
                        expire_at?: string;
                        /** @description notional is only allowed for market orders */
                        notional?: unknown;
                    } | {
                        /** @example BTC-USD */
                        symbol: string;
                        /** @enum {string} */
                        side: "buy" | "sell";
                        /** @description quantity: decimal string (or JSON number), > 0 */
                        quantity: string | number;
                        /** @description your id for this order, unique per account; replaying it returns the same order */
                        client_order_id?: string;
                        /**
                         * @description simple (default); bracket: a market or limit entry with take_profit and stop_loss exits for what it fills (for a buy take_profit.limit_price > entry > stop_loss.stop_price, reversed for a sell; the reference price stands in for a market entry); oto: an entry with one of them; oco: a limit order (the take-profit, at `price`) with a stop_loss, closing a position you hold. The legs are orders of their own with `parent_order_id`; the exits of one class share one hold.
                         * @default simple
                         * @enum {string}
                         */
                        order_class?: "simple" | "bracket" | "oco" | "oto";
                        /** @description bracket, oto (and oco, where it must equal price): the take-profit limit leg */
                        take_profit?: {
                            /** @description take_profit.limit_price: decimal string (or JSON number), > 0 */
                            limit_price: string | number;
                        };
                        /** @description bracket, oto, oco: the stop-loss leg, a stop (a stop-limit with limit_price) */
                        stop_loss?: {
                            /** @description stop_loss.stop_price: decimal string (or JSON number), > 0 */
                            stop_price: string | number;
                            /** @description stop_loss.limit_price: decimal string (or JSON number), > 0 */
                            limit_price?: string | number;
                        };
                        /** @enum {string} */
                        order_type: "stop_limit";
                        /**
                         * @description gtc (default), ioc, fok, day, or gtd (good till expire_at)
                         * @default gtc
                         * @enum {string}
                         */
                        time_in_force?: "gtc" | "ioc" | "fok" | "day" | "gtd";
                        /** @description price: decimal string (or JSON number), > 0 */
                        price: string | number;
                        /** @description trigger_price: decimal string (or JSON number), > 0 */
                        trigger_price: string | number;
                        /** @description slippage_tolerance is only allowed for market and stop orders */
                        slippage_tolerance?: unknown;
                        /** @description post_only is only allowed for limit orders */
                        post_only?: unknown;
                        /**
                         * Format: date-time
                         * @description required with time_in_force gtd, forbidden otherwise: an RFC 3339 date-time, in the future and at most 90 days ahead. The order expires at that instant (status expired, hold released), to the second; the instant is kept to the millisecond.
                         */
                        expire_at?: string;
                        /** @description notional is only allowed for market orders */
                        notional?: unknown;
                    } | {
                        /** @example BTC-USD */
                        symbol: string;
                        /** @enum {string} */
                        side: "buy" | "sell";
                        /** @description quantity: decimal string (or JSON number), > 0 */
                        quantity: string | number;
                        /** @description your id for this order, unique per account; replaying it returns the same order */
                        client_order_id?: string;
                        /**
                         * @description simple (default); bracket: a market or limit entry with take_profit and stop_loss exits for what it fills (for a buy take_profit.limit_price > entry > stop_loss.stop_price, reversed for a sell; the reference price stands in for a market entry); oto: an entry with one of them; oco: a limit order (the take-profit, at `price`) with a stop_loss, closing a position you hold. The legs are orders of their own with `parent_order_id`; the exits of one class share one hold.
                         * @default simple
                         * @enum {string}
                         */
                        order_class?: "simple" | "bracket" | "oco" | "oto";
                        /** @description bracket, oto (and oco, where it must equal price): the take-profit limit leg */
                        take_profit?: {
                            /** @description take_profit.limit_price: decimal string (or JSON number), > 0 */
                            limit_price: string | number;
                        };
                        /** @description bracket, oto, oco: the stop-loss leg, a stop (a stop-limit with limit_price) */
                        stop_loss?: {
                            /** @description stop_loss.stop_price: decimal string (or JSON number), > 0 */
                            stop_price: string | number;
                            /** @description stop_loss.limit_price: decimal string (or JSON number), > 0 */
                            limit_price?: string | number;
                        };
                        /** @enum {string} */
                        order_type: "trailing_stop";
                        /**
                         * @description how long the trailing stop waits for its trigger: gtc or day
                         * @default gtc
                         * @enum {string}
                         */
                        time_in_force?: "gtc" | "day";
                        /** @description price is not allowed for trailing_stop orders */
                        price?: unknown;
                        /** @description trigger_price is set by the venue for trailing_stop orders (it follows the mark) */
                        trigger_price?: unknown;
                        /** @description trailing_stop: the trigger trails the mark by this price distance */
                        trail_price?: string | number;
                        /** @description trailing_stop: the trigger trails the mark by this percentage of it (0 < p <= 50, up to 4 decimals) */
                        trail_percent?: string | number;
                        /** @description 0..0.1, default 0.01: sizes the hold and bounds the worst accepted price */
                        slippage_tolerance?: string | number;
                        /** @description post_only is only allowed for limit orders */
                        post_only?: unknown;
                        /** @description expire_at is only allowed with time_in_force gtd (trailing stops wait gtc or day) */
                        expire_at?: unknown;
                        /** @description notional is only allowed for market orders */
                        notional?: unknown;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        /** @description true when this is the kept response of an earlier request with the same Idempotency-Key */
                        "Idempotent-Replayed"?: "true";
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["OrderPreview"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        /** @description true when this is the kept response of an earlier request with the same Idempotency-Key */
                        "Idempotent-Replayed"?: "true";
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        /** @description true when this is the kept response of an earlier request with the same Idempotency-Key */
                        "Idempotent-Replayed"?: "true";
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        /** @description true when this is the kept response of an earlier request with the same Idempotency-Key */
                        "Idempotent-Replayed"?: "true";
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orders/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get one order */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["OrderWithLegs"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /**
         * Cancel an order
         * @description Releases the order's hold. 409 ORDER_NOT_CANCELLABLE when the order is already terminal.
         */
        delete: {
            parameters: {
                query?: never;
                header?: {
                    /** @description 1–255 printable ASCII characters. The first response (status, body, Content-Type and Location) is kept 24 h per credential (API key, or the admin token); the same method, path and JSON body under the same key answers it again with Idempotent-Replayed: true, without running again. Another request under the key: 409 IDEMPOTENCY_MISMATCH; the same one while the first still runs: 409 CONFLICT. A request refused by validation keeps nothing, and a 5xx answer is not kept (a retry runs again). A claim whose request never answered is released after 60 s. */
                    "Idempotency-Key"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        /** @description true when this is the kept response of an earlier request with the same Idempotency-Key */
                        "Idempotent-Replayed"?: "true";
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Order"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        /** @description true when this is the kept response of an earlier request with the same Idempotency-Key */
                        "Idempotent-Replayed"?: "true";
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        /** @description true when this is the kept response of an earlier request with the same Idempotency-Key */
                        "Idempotent-Replayed"?: "true";
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        /** @description true when this is the kept response of an earlier request with the same Idempotency-Key */
                        "Idempotent-Replayed"?: "true";
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        /** @description true when this is the kept response of an earlier request with the same Idempotency-Key */
                        "Idempotent-Replayed"?: "true";
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        /** @description true when this is the kept response of an earlier request with the same Idempotency-Key */
                        "Idempotent-Replayed"?: "true";
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /**
         * Replace quantity and/or price of an open limit order
         * @description Amends the order at the venue under the same id (a quantity decrease keeps time priority; anything else loses it). quantity is the new total, fills included. 409 ORDER_NOT_REPLACEABLE when the order is not an open limit order or the venue refused (e.g. it filled meanwhile). 409 CONFLICT while another replace of the same order is waiting for the venue: one replace of an order at a time; send it again once the other has been answered.
         */
        patch: {
            parameters: {
                query?: never;
                header?: {
                    /** @description 1–255 printable ASCII characters. The first response (status, body, Content-Type and Location) is kept 24 h per credential (API key, or the admin token); the same method, path and JSON body under the same key answers it again with Idempotent-Replayed: true, without running again. Another request under the key: 409 IDEMPOTENCY_MISMATCH; the same one while the first still runs: 409 CONFLICT. A request refused by validation keeps nothing, and a 5xx answer is not kept (a retry runs again). A claim whose request never answered is released after 60 s. */
                    "Idempotency-Key"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description quantity: decimal string (or JSON number), > 0 */
                        quantity?: string | number;
                        /** @description price: decimal string (or JSON number), > 0 */
                        price?: string | number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        /** @description true when this is the kept response of an earlier request with the same Idempotency-Key */
                        "Idempotent-Replayed"?: "true";
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Order"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        /** @description true when this is the kept response of an earlier request with the same Idempotency-Key */
                        "Idempotent-Replayed"?: "true";
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        /** @description true when this is the kept response of an earlier request with the same Idempotency-Key */
                        "Idempotent-Replayed"?: "true";
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        /** @description true when this is the kept response of an earlier request with the same Idempotency-Key */
                        "Idempotent-Replayed"?: "true";
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        /** @description true when this is the kept response of an earlier request with the same Idempotency-Key */
                        "Idempotent-Replayed"?: "true";
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        /** @description true when this is the kept response of an earlier request with the same Idempotency-Key */
                        "Idempotent-Replayed"?: "true";
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/orders/by_client_order_id/{client_order_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get one order by its client_order_id
         * @description The same view as GET /api/v1/orders/{id}. 404 when this account has no order with this client_order_id (another account's order is a 404 too).
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    client_order_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Order"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orders/{id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Cancel an order
         * @description Releases the order's hold. 409 ORDER_NOT_CANCELLABLE when the order is already terminal.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description 1–255 printable ASCII characters. The first response (status, body, Content-Type and Location) is kept 24 h per credential (API key, or the admin token); the same method, path and JSON body under the same key answers it again with Idempotent-Replayed: true, without running again. Another request under the key: 409 IDEMPOTENCY_MISMATCH; the same one while the first still runs: 409 CONFLICT. A request refused by validation keeps nothing, and a 5xx answer is not kept (a retry runs again). A claim whose request never answered is released after 60 s. */
                    "Idempotency-Key"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        /** @description true when this is the kept response of an earlier request with the same Idempotency-Key */
                        "Idempotent-Replayed"?: "true";
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Order"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        /** @description true when this is the kept response of an earlier request with the same Idempotency-Key */
                        "Idempotent-Replayed"?: "true";
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        /** @description true when this is the kept response of an earlier request with the same Idempotency-Key */
                        "Idempotent-Replayed"?: "true";
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        /** @description true when this is the kept response of an earlier request with the same Idempotency-Key */
                        "Idempotent-Replayed"?: "true";
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        /** @description true when this is the kept response of an earlier request with the same Idempotency-Key */
                        "Idempotent-Replayed"?: "true";
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        /** @description true when this is the kept response of an earlier request with the same Idempotency-Key */
                        "Idempotent-Replayed"?: "true";
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/account": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** This account and its balances */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Account"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/account/activities": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every movement of this account's money, newest first
         * @description Deposits, withdrawals, fills and fees, read from the ledger, newest first. amount is signed: money in is positive, money out negative. A fill moves two assets and is two activities (type fill), one per asset: the base asset bought or sold and the quote asset paid or received before the fee; its fee is a third (type fee, negative, in the fee asset). Their order_id and fill_id name the order and the fill. Holds and their releases are not activities: they move money between an account's own available and held balances. An activity's id is `<journal id>:<type>:<asset>`, stable; created_at is when the ledger recorded the movement. ?types= keeps some types (comma-separated); ?after= (exclusive) and ?until= (inclusive) bound created_at (RFC 3339).
         */
        get: {
            parameters: {
                query?: {
                    /** @description comma-separated: deposit, withdrawal, fill, fee; all when absent */
                    types?: string;
                    /** @description only activities recorded after this time */
                    after?: string;
                    /** @description only activities recorded at or before this time */
                    until?: string;
                    /** @description page size, 1–500 */
                    limit?: number;
                    /** @description next_cursor from the previous page */
                    cursor?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Activity"][];
                            next_cursor: string | null;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/dashboard": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Balances, positions and open orders, read concurrently */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            balances: components["schemas"]["Balance"][];
                            positions: components["schemas"]["Position"][];
                            open_orders: components["schemas"]["Order"][];
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/fills": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** This account's executions, newest first */
        get: {
            parameters: {
                query?: {
                    /** @example BTC-USD */
                    symbol?: string;
                    /** @description page size, 1–500 */
                    limit?: number;
                    /** @description next_cursor from the previous page */
                    cursor?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Fill"][];
                            next_cursor: string | null;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orders/{id}/fills": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The executions of one order */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Fill"][];
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/positions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Positions per symbol, marked to the venue's last price */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Position"][];
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /**
         * Close every position
         * @description With cancel_orders=true, first cancels every open order of the account (as DELETE /api/v1/orders does) and settles the cancellations the venue reports, so the funds they held are free; then places one closing market order per open position, in symbol order. Answers 200 with one entry per position: status 200 with the order, or the status and error placing that close got (e.g. 422 INSUFFICIENT_FUNDS). An account without positions gets []. 502 EXCHANGE_ERROR when the venue does not confirm a cancel (nothing is closed then; try again).
         */
        delete: {
            parameters: {
                query?: {
                    /** @description cancel the account's open orders first (default false) */
                    cancel_orders?: "true" | "false";
                };
                header?: {
                    /** @description 1–255 printable ASCII characters. The first response (status, body, Content-Type and Location) is kept 24 h per credential (API key, or the admin token); the same method, path and JSON body under the same key answers it again with Idempotent-Replayed: true, without running again. Another request under the key: 409 IDEMPOTENCY_MISMATCH; the same one while the first still runs: 409 CONFLICT. A request refused by validation keeps nothing, and a 5xx answer is not kept (a retry runs again). A claim whose request never answered is released after 60 s. */
                    "Idempotency-Key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        /** @description true when this is the kept response of an earlier request with the same Idempotency-Key */
                        "Idempotent-Replayed"?: "true";
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["PositionCloseResult"][];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        /** @description true when this is the kept response of an earlier request with the same Idempotency-Key */
                        "Idempotent-Replayed"?: "true";
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        /** @description true when this is the kept response of an earlier request with the same Idempotency-Key */
                        "Idempotent-Replayed"?: "true";
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        /** @description true when this is the kept response of an earlier request with the same Idempotency-Key */
                        "Idempotent-Replayed"?: "true";
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/account/portfolio/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Equity over time (Alpaca's portfolio history)
         * @description The account's equity in USD over a period, one point per bucket of the timeframe, in Alpaca's shape.
         *
         *     - Equity at a point: the account's balance of each asset (available and held) as of the bucket's end, from its ledger entries, times the close of the asset's USD candle of that bucket (the candle interval equal to the timeframe), or the last earlier close when the bucket has no bar; USD counts at 1.
         *     - One point per bucket that has data: buckets before the account's first ledger entry have none, nor do buckets in which it holds an asset that has no close yet. The last point is the bucket holding now, its equity as of now.
         *     - base_value is the equity at the first point. profit_loss is equity minus base_value minus the deposits and withdrawals made since the first point (valued at their bucket's close): Alpaca long counted deposits as profit (its users' complaints), and now reports cash flows apart; here they are never profit. profit_loss_pct divides it by base_value plus those net deposits ("0" when that is not positive).
         *     - Equity and profit_loss are rounded to the cent (half to even), profit_loss_pct to six decimals, from the rounded figures.
         *     - Defaults: period 1M; timeframe as Alpaca (1Min under 7 days, 15Min under 30 days, else 1D). A period and timeframe making more than 3000 points (for example 1W at 1Min, 1M at 5Min, 1A at 1H) are refused with 422 VALIDATION_ERROR.
         *     - Periods are fixed lengths ending now: 1D 24 h, 1W 7 days, 1M 30 days, 3M 90 days, 1A 365 days.
         */
        get: {
            parameters: {
                query?: {
                    /** @description 1D, 1W, 1M (30 days), 3M (90 days) or 1A (365 days). Default 1M. */
                    period?: "1D" | "1W" | "1M" | "3M" | "1A";
                    /** @description Bucket size. Default as Alpaca: 1Min for 1D, 15Min for 1W, 1D for 1M and longer. */
                    timeframe?: "1Min" | "5Min" | "15Min" | "1H" | "1D";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Each point's bucket open time, Unix seconds (UTC-aligned buckets). */
                            timestamp: number[];
                            /** @description USD value at the bucket's end, rounded to the cent. */
                            equity: string[];
                            /** @description USD, against base_value, deposits and withdrawals since the first point excluded. */
                            profit_loss: string[];
                            /** @description profit_loss as a fraction of base_value plus the net deposits since (0.01 = 1 %), six decimals. */
                            profit_loss_pct: string[];
                            /** @description Equity at the first point; "0" without points. */
                            base_value: string;
                            /** @enum {string} */
                            timeframe: "1Min" | "5Min" | "15Min" | "1H" | "1D";
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/positions/{symbol}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Close a position (all of it, a quantity or a percentage)
         * @description Places a market order for the opposite side (a sell for a long position, a buy for a short one) through the same placement as POST /orders, and answers it with 200 (status pending; the venue fills it right after). Without quantity or percentage the whole position is closed; quantity closes that much (at most the position); percentage (0 < p ≤ 100) closes that share, rounded down to the lot size. Both → 422 VALIDATION_ERROR. 404 NOT_FOUND when the account has no position in the symbol, or a flat one. Like Alpaca, open orders are left alone: when open sell orders already hold the base asset a long close needs (or open buys hold the quote a short close needs), the close is refused with 422 INSUFFICIENT_FUNDS naming what is needed and available; cancel them first, or use DELETE /api/v1/positions?cancel_orders=true.
         */
        delete: {
            parameters: {
                query?: {
                    /** @description close this much of the position (at most all of it; a multiple of the lot size) */
                    quantity?: string | number;
                    /** @description close this percentage of the position (0 < p ≤ 100), rounded down to the lot size */
                    percentage?: string | number;
                };
                header?: {
                    /** @description 1–255 printable ASCII characters. The first response (status, body, Content-Type and Location) is kept 24 h per credential (API key, or the admin token); the same method, path and JSON body under the same key answers it again with Idempotent-Replayed: true, without running again. Another request under the key: 409 IDEMPOTENCY_MISMATCH; the same one while the first still runs: 409 CONFLICT. A request refused by validation keeps nothing, and a 5xx answer is not kept (a retry runs again). A claim whose request never answered is released after 60 s. */
                    "Idempotency-Key"?: string;
                };
                path: {
                    /** @example BTC-USD */
                    symbol: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        /** @description true when this is the kept response of an earlier request with the same Idempotency-Key */
                        "Idempotent-Replayed"?: "true";
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Order"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        /** @description true when this is the kept response of an earlier request with the same Idempotency-Key */
                        "Idempotent-Replayed"?: "true";
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        /** @description true when this is the kept response of an earlier request with the same Idempotency-Key */
                        "Idempotent-Replayed"?: "true";
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        /** @description true when this is the kept response of an earlier request with the same Idempotency-Key */
                        "Idempotent-Replayed"?: "true";
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        /** @description true when this is the kept response of an earlier request with the same Idempotency-Key */
                        "Idempotent-Replayed"?: "true";
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/market/{symbol}/ticker": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Best bid and ask, last price, 24 h volume */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @example BTC-USD */
                    symbol: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            symbol: string;
                            bid: string | null;
                            ask: string | null;
                            last: string | null;
                            /** @description Quantity traded at the venue over the last 24 hours, to the minute. */
                            volume_24h: string;
                            ts: string;
                        };
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/market/{symbol}/book": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Order book levels [price, quantity], best first */
        get: {
            parameters: {
                query?: {
                    depth?: number;
                };
                header?: never;
                path: {
                    /** @example BTC-USD */
                    symbol: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            symbol: string;
                            bids: [
                                string,
                                string
                            ][];
                            asks: [
                                string,
                                string
                            ][];
                            ts: string;
                        };
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/market/{symbol}/trades": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Recent public trades, newest first */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                };
                header?: never;
                path: {
                    /** @example BTC-USD */
                    symbol: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                id: number;
                                price: string;
                                quantity: string;
                                /** @enum {string} */
                                side: "buy" | "sell";
                                ts: string;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/market/{symbol}/candles": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * OHLCV bars, oldest first
         * @description Bars built from the venue's trades and kept in PostgreSQL: `t` the bucket's open time, `o` `h` `l` `c` prices, `v` volume in the base asset, `n` trades. Buckets are UTC, aligned on the interval (a 1d bar opens at 00:00 UTC). A bucket without a trade has no bar (no filler repeating the last close). Without `start` and `end`: the `limit` most recent bars; with `start` only: the first `limit` from it; with `end` only: the latest `limit` up to it; with both (inclusive, on the open time): every bar of the window, which may span at most `limit` buckets (422 otherwise). Bars opening before the instrument's `candles_synthetic_until` (see GET /api/v1/instruments) are synthetic, not traded. Cached like the other market data.
         */
        get: {
            parameters: {
                query?: {
                    /** @description Bar size: 1m, 5m, 15m, 1h or 1d (UTC buckets). Default 1m. */
                    interval?: "1m" | "5m" | "15m" | "1h" | "1d";
                    /** @description RFC 3339: bars opening at or after this time (the first `limit` of them, without `end`). */
                    start?: string;
                    /** @description RFC 3339: bars opening at or before this time (the latest `limit` of them, without `start`). */
                    end?: string;
                    limit?: number;
                };
                header?: never;
                path: {
                    /** @example BTC-USD */
                    symbol: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            symbol: string;
                            /** @enum {string} */
                            interval: "1m" | "5m" | "15m" | "1h" | "1d";
                            data: {
                                /** @description Open time, RFC 3339 UTC with milliseconds. */
                                t: string;
                                o: string;
                                h: string;
                                l: string;
                                c: string;
                                /** @description Volume in the base asset. */
                                v: string;
                                /** @description Number of trades. */
                                n: number;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/accounts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Accounts, newest first; ?q= finds a name or e-mail */
        get: {
            parameters: {
                query?: {
                    /** @description part of the name or the e-mail address, any case */
                    q?: string;
                    /** @description page size, 1–500 */
                    limit?: number;
                    /** @description next_cursor from the previous page */
                    cursor?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["AccountSummary"][];
                            next_cursor: string | null;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Create an account */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description 1–255 printable ASCII characters. The first response (status, body, Content-Type and Location) is kept 24 h per credential (API key, or the admin token); the same method, path and JSON body under the same key answers it again with Idempotent-Replayed: true, without running again. Another request under the key: 409 IDEMPOTENCY_MISMATCH; the same one while the first still runs: 409 CONFLICT. A request refused by validation keeps nothing, and a 5xx answer is not kept (a retry runs again). A claim whose request never answered is released after 60 s. */
                    "Idempotency-Key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                        /**
                         * Format: email
                         * @description where order confirmations are sent
                         */
                        email?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        /** @description true when this is the kept response of an earlier request with the same Idempotency-Key */
                        "Idempotent-Replayed"?: "true";
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            name: string;
                            email: string | null;
                            created_at: string;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        /** @description true when this is the kept response of an earlier request with the same Idempotency-Key */
                        "Idempotent-Replayed"?: "true";
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        /** @description true when this is the kept response of an earlier request with the same Idempotency-Key */
                        "Idempotent-Replayed"?: "true";
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        /** @description true when this is the kept response of an earlier request with the same Idempotency-Key */
                        "Idempotent-Replayed"?: "true";
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/accounts/{id}/deposits": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Deposit funds: a balanced ledger journal from the external account
         * @description The amount may have at most the asset's decimals (USD 2; BTC, ETH, SOL 8: see quote_asset_precision and base_asset_precision in GET /api/v1/instruments); more is 422 VALIDATION_ERROR on amount, never rounded.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description 1–255 printable ASCII characters. The first response (status, body, Content-Type and Location) is kept 24 h per credential (API key, or the admin token); the same method, path and JSON body under the same key answers it again with Idempotent-Replayed: true, without running again. Another request under the key: 409 IDEMPOTENCY_MISMATCH; the same one while the first still runs: 409 CONFLICT. A request refused by validation keeps nothing, and a 5xx answer is not kept (a retry runs again). A claim whose request never answered is released after 60 s. */
                    "Idempotency-Key"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        asset: string;
                        amount: string | number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        /** @description true when this is the kept response of an earlier request with the same Idempotency-Key */
                        "Idempotent-Replayed"?: "true";
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            journal_id: string;
                            /** Format: uuid */
                            account_id: string;
                            asset: string;
                            amount: string;
                            balance: components["schemas"]["Balance"];
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        /** @description true when this is the kept response of an earlier request with the same Idempotency-Key */
                        "Idempotent-Replayed"?: "true";
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        /** @description true when this is the kept response of an earlier request with the same Idempotency-Key */
                        "Idempotent-Replayed"?: "true";
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        /** @description true when this is the kept response of an earlier request with the same Idempotency-Key */
                        "Idempotent-Replayed"?: "true";
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/accounts/{id}/withdrawals": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Withdraw funds: a balanced ledger journal to the external account
         * @description Pays out of the account's available balance (its total less what open orders hold). More than is available: 422 INSUFFICIENT_FUNDS, details naming what is needed and what is available. Concurrent withdrawals and orders of the account take turns on its balance, so none overdraws it. The account's stream gets balance.updated and activity.created.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description 1–255 printable ASCII characters. The first response (status, body, Content-Type and Location) is kept 24 h per credential (API key, or the admin token); the same method, path and JSON body under the same key answers it again with Idempotent-Replayed: true, without running again. Another request under the key: 409 IDEMPOTENCY_MISMATCH; the same one while the first still runs: 409 CONFLICT. A request refused by validation keeps nothing, and a 5xx answer is not kept (a retry runs again). A claim whose request never answered is released after 60 s. */
                    "Idempotency-Key"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        asset: string;
                        amount: string | number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        /** @description true when this is the kept response of an earlier request with the same Idempotency-Key */
                        "Idempotent-Replayed"?: "true";
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            journal_id: string;
                            /** Format: uuid */
                            account_id: string;
                            asset: string;
                            amount: string;
                            balance: components["schemas"]["Balance"];
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        /** @description true when this is the kept response of an earlier request with the same Idempotency-Key */
                        "Idempotent-Replayed"?: "true";
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        /** @description true when this is the kept response of an earlier request with the same Idempotency-Key */
                        "Idempotent-Replayed"?: "true";
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        /** @description true when this is the kept response of an earlier request with the same Idempotency-Key */
                        "Idempotent-Replayed"?: "true";
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/accounts/{id}/keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The account's API keys, newest first (never the key itself) */
        get: {
            parameters: {
                query?: {
                    /** @description page size, 1–500 */
                    limit?: number;
                    /** @description next_cursor from the previous page */
                    cursor?: string;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["ApiKey"][];
                            next_cursor: string | null;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Create an API key (the key is shown only in this response) */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description 1–255 printable ASCII characters. The first response (status, body, Content-Type and Location) is kept 24 h per credential (API key, or the admin token); the same method, path and JSON body under the same key answers it again with Idempotent-Replayed: true, without running again. Another request under the key: 409 IDEMPOTENCY_MISMATCH; the same one while the first still runs: 409 CONFLICT. A request refused by validation keeps nothing, and a 5xx answer is not kept (a retry runs again). A claim whose request never answered is released after 60 s. */
                    "Idempotency-Key"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * @default [
                         *       "read",
                         *       "trade"
                         *     ]
                         */
                        scopes?: ("read" | "trade")[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        /** @description true when this is the kept response of an earlier request with the same Idempotency-Key */
                        "Idempotent-Replayed"?: "true";
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            key: string;
                            prefix: string;
                            /** Format: uuid */
                            account_id: string;
                            scopes: ("read" | "trade")[];
                            created_at: string;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        /** @description true when this is the kept response of an earlier request with the same Idempotency-Key */
                        "Idempotent-Replayed"?: "true";
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        /** @description true when this is the kept response of an earlier request with the same Idempotency-Key */
                        "Idempotent-Replayed"?: "true";
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        /** @description true when this is the kept response of an earlier request with the same Idempotency-Key */
                        "Idempotent-Replayed"?: "true";
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/keys/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke an API key */
        delete: {
            parameters: {
                query?: never;
                header?: {
                    /** @description 1–255 printable ASCII characters. The first response (status, body, Content-Type and Location) is kept 24 h per credential (API key, or the admin token); the same method, path and JSON body under the same key answers it again with Idempotent-Replayed: true, without running again. Another request under the key: 409 IDEMPOTENCY_MISMATCH; the same one while the first still runs: 409 CONFLICT. A request refused by validation keeps nothing, and a 5xx answer is not kept (a retry runs again). A claim whose request never answered is released after 60 s. */
                    "Idempotency-Key"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        /** @description true when this is the kept response of an earlier request with the same Idempotency-Key */
                        "Idempotent-Replayed"?: "true";
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            prefix: string;
                            revoked_at: string | null;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        /** @description true when this is the kept response of an earlier request with the same Idempotency-Key */
                        "Idempotent-Replayed"?: "true";
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        /** @description true when this is the kept response of an earlier request with the same Idempotency-Key */
                        "Idempotent-Replayed"?: "true";
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        /** @description true when this is the kept response of an earlier request with the same Idempotency-Key */
                        "Idempotent-Replayed"?: "true";
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/accounts/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One account with its e-mail and balances */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["AccountDetail"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/reports": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * This account's reports, newest first
         * @description Every report of this account, the ones you requested and the daily statements of the end-of-day runs, newest first.
         */
        get: {
            parameters: {
                query?: {
                    /** @description page size, 1–500 */
                    limit?: number;
                    /** @description next_cursor from the previous page */
                    cursor?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Report"][];
                            next_cursor: string | null;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Request a report (generated in the background)
         * @description Queues a daily statement of this account for a UTC day (1970-01-01 up to today): the fills executed that day and the closing balances, as CSV. A write: needs the 'trade' scope (polling and downloading need 'read'). Poll GET /api/v1/reports/{id} until status is ready.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description 1–255 printable ASCII characters. The first response (status, body, Content-Type and Location) is kept 24 h per credential (API key, or the admin token); the same method, path and JSON body under the same key answers it again with Idempotent-Replayed: true, without running again. Another request under the key: 409 IDEMPOTENCY_MISMATCH; the same one while the first still runs: 409 CONFLICT. A request refused by validation keeps nothing, and a 5xx answer is not kept (a retry runs again). A claim whose request never answered is released after 60 s. */
                    "Idempotency-Key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        kind: "daily_statement";
                        /**
                         * Format: date
                         * @description a UTC calendar day, 1970-01-01 or later
                         * @example 2026-11-26
                         */
                        date: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                202: {
                    headers: {
                        /** @description true when this is the kept response of an earlier request with the same Idempotency-Key */
                        "Idempotent-Replayed"?: "true";
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ReportQueued"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        /** @description true when this is the kept response of an earlier request with the same Idempotency-Key */
                        "Idempotent-Replayed"?: "true";
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        /** @description true when this is the kept response of an earlier request with the same Idempotency-Key */
                        "Idempotent-Replayed"?: "true";
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        /** @description true when this is the kept response of an earlier request with the same Idempotency-Key */
                        "Idempotent-Replayed"?: "true";
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/reports/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A report's status, and its download path once ready */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Report"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/reports/{id}/download": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Download a ready report (CSV)
         * @description The file itself (text/csv, as an attachment), or with object storage a 302 redirect to a short-lived signed URL. 409 CONFLICT while the report is not ready.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description the CSV file (text/csv) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": string;
                    };
                };
                /** @description redirect to a signed object-storage URL (Location) */
                302: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/settlements": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Settlement runs, newest first */
        get: {
            parameters: {
                query?: {
                    /** @description page size, 1–500 */
                    limit?: number;
                    /** @description next_cursor from the previous page */
                    cursor?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["SettlementRun"][];
                            next_cursor: string | null;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Start the end-of-day run of a UTC day
         * @description Creates the run and, in the same transaction, one daily statement and its job per user account. When every statement has finished (ready or failed), exactly one summary job writes the run's summary and completes it. A day has one run: starting it again answers 200 with the existing run.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description 1–255 printable ASCII characters. The first response (status, body, Content-Type and Location) is kept 24 h per credential (API key, or the admin token); the same method, path and JSON body under the same key answers it again with Idempotent-Replayed: true, without running again. Another request under the key: 409 IDEMPOTENCY_MISMATCH; the same one while the first still runs: 409 CONFLICT. A request refused by validation keeps nothing, and a 5xx answer is not kept (a retry runs again). A claim whose request never answered is released after 60 s. */
                    "Idempotency-Key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * Format: date
                         * @description a UTC calendar day, 1970-01-01 or later
                         * @example 2026-11-26
                         */
                        date: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        /** @description true when this is the kept response of an earlier request with the same Idempotency-Key */
                        "Idempotent-Replayed"?: "true";
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["SettlementRun"];
                    };
                };
                /** @description Default Response */
                202: {
                    headers: {
                        /** @description true when this is the kept response of an earlier request with the same Idempotency-Key */
                        "Idempotent-Replayed"?: "true";
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["SettlementRun"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        /** @description true when this is the kept response of an earlier request with the same Idempotency-Key */
                        "Idempotent-Replayed"?: "true";
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        /** @description true when this is the kept response of an earlier request with the same Idempotency-Key */
                        "Idempotent-Replayed"?: "true";
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        /** @description true when this is the kept response of an earlier request with the same Idempotency-Key */
                        "Idempotent-Replayed"?: "true";
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/settlements/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A settlement run: progress, and its summary once complete */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["SettlementRun"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
};
export type webhooks = Record<string, never>;
export type components = {
    schemas: {
        OrderInput: {
            /** Format: uuid */
            id: string;
            client_order_id: string | null;
            symbol: string;
            /** @enum {string} */
            side: "buy" | "sell";
            /** @enum {string} */
            order_type: "market" | "limit" | "stop" | "stop_limit" | "trailing_stop";
            /** @enum {string} */
            time_in_force: "gtc" | "ioc" | "fok" | "day" | "gtd";
            /**
             * @description the ordered quantity; for a notional order, what it has filled so far
             * @example 0.1
             */
            quantity: string;
            price: string | null;
            /** @description stop and stop_limit: the trigger; trailing_stop: the current trigger, moved by the venue as the mark moves (null until the venue has a price) */
            trigger_price: string | null;
            /** @description trailing_stop: the trail as a price distance */
            trail_price: string | null;
            /** @description trailing_stop: the trail as a percentage of the mark */
            trail_percent: string | null;
            /** @description trailing_stop: the mark the trigger trails, the high-water mark for a sell and the low-water mark for a buy, as the venue last reported it (at most once a second); null until the venue reports one */
            hwm: string | null;
            /** @enum {string} */
            order_class: "simple" | "bracket" | "oco" | "oto";
            /** @description a leg's parent: the entry (bracket, oto) or the limit leg (oco) */
            parent_order_id: string | null;
            /** @enum {string} */
            status: "pending" | "open" | "partially_filled" | "filled" | "cancelled" | "expired" | "rejected" | "failed";
            /** @example 0 */
            filled_quantity: string;
            average_fill_price: string | null;
            /** @description why a terminal order ended as it did: the venue's reason (e.g. user, ioc, fok, market_remainder, day_expiry, self_trade), post_only (a post-only order would have taken liquidity), gtd_expiry (a GTD order reached expire_at), oco (an exit leg: the other exit of its pair filled, or was cancelled), parent_cancelled (an exit leg: its entry was cancelled, or ended with nothing filled), or the OMS's (venue: …, unknown at the venue …); null otherwise */
            reject_reason: string | null;
            /** @example 2026-11-26T12:00:00.000Z */
            created_at: string;
            /** @example 2026-11-26T12:00:00.000Z */
            updated_at: string;
            /** @description the order may only add liquidity (limit orders) */
            post_only: boolean;
            /**
             * @description when a GTD order expires; null otherwise
             * @example 2026-12-31T23:59:59.000Z
             */
            expire_at: string | null;
            /** @description a notional order's quote amount; null for an order by quantity */
            notional: string | null;
        };
        OrderWithLegsInput: {
            /** Format: uuid */
            id: string;
            client_order_id: string | null;
            symbol: string;
            /** @enum {string} */
            side: "buy" | "sell";
            /** @enum {string} */
            order_type: "market" | "limit" | "stop" | "stop_limit" | "trailing_stop";
            /** @enum {string} */
            time_in_force: "gtc" | "ioc" | "fok" | "day" | "gtd";
            /**
             * @description the ordered quantity; for a notional order, what it has filled so far
             * @example 0.1
             */
            quantity: string;
            price: string | null;
            /** @description stop and stop_limit: the trigger; trailing_stop: the current trigger, moved by the venue as the mark moves (null until the venue has a price) */
            trigger_price: string | null;
            /** @description trailing_stop: the trail as a price distance */
            trail_price: string | null;
            /** @description trailing_stop: the trail as a percentage of the mark */
            trail_percent: string | null;
            /** @description trailing_stop: the mark the trigger trails, the high-water mark for a sell and the low-water mark for a buy, as the venue last reported it (at most once a second); null until the venue reports one */
            hwm: string | null;
            /** @enum {string} */
            order_class: "simple" | "bracket" | "oco" | "oto";
            /** @description a leg's parent: the entry (bracket, oto) or the limit leg (oco) */
            parent_order_id: string | null;
            /** @enum {string} */
            status: "pending" | "open" | "partially_filled" | "filled" | "cancelled" | "expired" | "rejected" | "failed";
            /** @example 0 */
            filled_quantity: string;
            average_fill_price: string | null;
            /** @description why a terminal order ended as it did: the venue's reason (e.g. user, ioc, fok, market_remainder, day_expiry, self_trade), post_only (a post-only order would have taken liquidity), gtd_expiry (a GTD order reached expire_at), oco (an exit leg: the other exit of its pair filled, or was cancelled), parent_cancelled (an exit leg: its entry was cancelled, or ended with nothing filled), or the OMS's (venue: …, unknown at the venue …); null otherwise */
            reject_reason: string | null;
            /** @example 2026-11-26T12:00:00.000Z */
            created_at: string;
            /** @example 2026-11-26T12:00:00.000Z */
            updated_at: string;
            /** @description the order may only add liquidity (limit orders) */
            post_only: boolean;
            /**
             * @description when a GTD order expires; null otherwise
             * @example 2026-12-31T23:59:59.000Z
             */
            expire_at: string | null;
            /** @description a notional order's quote amount; null for an order by quantity */
            notional: string | null;
            /** @description the parent of an order class: its legs (lists show legs as rows of their own) */
            legs?: components["schemas"]["OrderInput"][];
        };
        OrderPreviewInput: {
            /** @description placing this body now would be accepted (201, or 200 for a replay) */
            accepted: boolean;
            /** @description what placing it would set aside; null when a check fails before the hold is sized, or for a replay of a client_order_id (placing answers the existing order and holds nothing more) */
            hold: {
                asset: string;
                /** @example 1002 */
                amount: string;
            } | null;
            /** @description market: the average price of walking the venue's book for the quantity (or the notional), null when the book has nothing to take; without the book (the venue did not answer), the reference price. limit and stop_limit: the limit price; stop: the trigger price */
            estimated_price: string | null;
            /** @description in the quote asset: at the taker rate for market orders, stops and limit orders that would cross the book (not post-only); at the maker rate for a limit order that would rest; rounded up to the quote asset's precision, as settlement charges it */
            estimated_fee: {
                asset: string;
                /** @example 1002 */
                amount: string;
            } | null;
            /** @description the error object placing it would get (as in the error shape), or null */
            error: {
                /** @example INSUFFICIENT_FUNDS */
                code: string;
                message: string;
                details?: {
                    path: string;
                    message: string;
                }[];
            } | null;
        };
        ActivityInput: {
            /** @example 0193a1b2-0000-7000-8000-000000000000:fill:USD */
            id: string;
            /** @enum {string} */
            type: "deposit" | "withdrawal" | "fill" | "fee";
            asset: string;
            /**
             * @description signed decimal: positive in, negative out
             * @example -5000.5
             */
            amount: string;
            created_at: string;
            order_id: string | null;
            fill_id: string | null;
            description: string;
        };
        ErrorInput: {
            error: {
                /**
                 * @example VALIDATION_ERROR
                 * @enum {string}
                 */
                code: "BAD_REQUEST" | "UNAUTHENTICATED" | "FORBIDDEN" | "NOT_FOUND" | "METHOD_NOT_ALLOWED" | "CONFLICT" | "ORDER_NOT_CANCELLABLE" | "ORDER_NOT_REPLACEABLE" | "IDEMPOTENCY_MISMATCH" | "PAYLOAD_TOO_LARGE" | "VALIDATION_ERROR" | "INSUFFICIENT_FUNDS" | "UNKNOWN_SYMBOL" | "INSTRUMENT_HALTED" | "RATE_LIMITED" | "INTERNAL_ERROR" | "EXCHANGE_ERROR" | "UNAVAILABLE";
                message: string;
                details?: {
                    path: string;
                    message: string;
                }[];
            };
        };
        FillInput: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            order_id: string;
            symbol: string;
            /** @enum {string} */
            side: "buy" | "sell";
            quantity: string;
            price: string;
            fee: string;
            fee_asset: string;
            /** @enum {string} */
            liquidity: "maker" | "taker";
            executed_at: string;
        };
        PositionInput: {
            symbol: string;
            /** @description signed: negative is short */
            quantity: string;
            average_entry_price: string;
            /** @description the venue's last trade price; null when unknown */
            market_price: string | null;
            unrealized_pnl: string | null;
            realized_pnl: string;
        };
        BalanceInput: {
            /** @example USD */
            asset: string;
            /** @example 100000 */
            total: string;
            /** @example 95000 */
            available: string;
            /** @example 5000 */
            held: string;
        };
        AccountInput: {
            /** Format: uuid */
            id: string;
            name: string;
            /** @description where order confirmations are sent; null: none are */
            email: string | null;
            balances: components["schemas"]["BalanceInput"][];
        };
        AccountSummaryInput: {
            /** Format: uuid */
            id: string;
            name: string;
            email: string | null;
            created_at: string;
        };
        ApiKeyInput: {
            /** Format: uuid */
            id: string;
            /** @description the key's first characters, as it is shown in logs */
            prefix: string;
            scopes: ("read" | "trade")[];
            created_at: string;
            /** @description when the key last authenticated a request, to the minute (stamped at most once a minute) */
            last_used_at: string | null;
            revoked_at: string | null;
        };
        ReportQueuedInput: {
            /** Format: uuid */
            id: string;
            /** @enum {string} */
            status: "queued" | "running" | "ready" | "failed";
        };
        ReportInput: {
            /** Format: uuid */
            id: string;
            /** @enum {string} */
            kind: "daily_statement";
            /** @example 2026-11-26 */
            date: string;
            /** @enum {string} */
            status: "queued" | "running" | "ready" | "failed";
            /**
             * @description download path once ready, else null
             * @example /api/v1/reports/…/download
             */
            url: string | null;
            created_at: string;
        };
        SettlementSummaryInput: {
            accounts: number;
            statements: {
                ready: number;
                failed: number;
            };
            fills: number;
            volume: {
                symbol: string;
                fills: number;
                /** @description decimal string */
                quantity: string;
                /** @description decimal string */
                notional: string;
            }[];
            fees: {
                asset: string;
                /** @description decimal string */
                amount: string;
            }[];
        };
        SettlementRunInput: {
            /** Format: uuid */
            id: string;
            /** @example 2026-11-26 */
            date: string;
            /** @enum {string} */
            status: "running" | "summarizing" | "complete";
            /** @description user accounts covered: one statement each */
            accounts: number;
            /** @description statements finished (ready or failed) */
            done: number;
            /** @description set when complete */
            summary: components["schemas"]["SettlementSummaryInput"] | null;
            created_at: string;
            completed_at: string | null;
        };
        InstrumentInput: {
            symbol: string;
            base_asset: string;
            quote_asset: string;
            tick_size: string;
            lot_size: string;
            min_quantity: string;
            maker_fee_rate: string;
            taker_fee_rate: string;
            /** @description the smallest amount of the base asset (e.g. "0.00000001"): quantities, positions and a sell's hold carry no more decimals */
            base_asset_precision: string;
            /** @description the smallest amount of the quote asset (e.g. "0.01"): balances, holds, fees and the money a fill moves carry no more decimals */
            quote_asset_precision: string;
            /** @enum {string} */
            status: "trading" | "halted";
            /** @description Candles of this instrument opening before this time are synthetic: a random walk written at the first start of a new data folder so the chart is not empty (ending at the reference price of that moment), not trades. null: every bar comes from trades. */
            candles_synthetic_until: string | null;
        };
        PositionCloseResultInput: {
            symbol: string;
            /** @description the HTTP status closing this position alone would answer */
            status: number;
            order?: components["schemas"]["OrderInput"];
            error?: {
                /**
                 * @example VALIDATION_ERROR
                 * @enum {string}
                 */
                code: "BAD_REQUEST" | "UNAUTHENTICATED" | "FORBIDDEN" | "NOT_FOUND" | "METHOD_NOT_ALLOWED" | "CONFLICT" | "ORDER_NOT_CANCELLABLE" | "ORDER_NOT_REPLACEABLE" | "IDEMPOTENCY_MISMATCH" | "PAYLOAD_TOO_LARGE" | "VALIDATION_ERROR" | "INSUFFICIENT_FUNDS" | "UNKNOWN_SYMBOL" | "INSTRUMENT_HALTED" | "RATE_LIMITED" | "INTERNAL_ERROR" | "EXCHANGE_ERROR" | "UNAVAILABLE";
                message: string;
                details?: {
                    path: string;
                    message: string;
                }[];
            };
        };
        AccountDetailInput: {
            /** Format: uuid */
            id: string;
            name: string;
            email: string | null;
            created_at: string;
            balances: components["schemas"]["BalanceInput"][];
        };
        Order: {
            /** Format: uuid */
            id: string;
            client_order_id: string | null;
            symbol: string;
            /** @enum {string} */
            side: "buy" | "sell";
            /** @enum {string} */
            order_type: "market" | "limit" | "stop" | "stop_limit" | "trailing_stop";
            /** @enum {string} */
            time_in_force: "gtc" | "ioc" | "fok" | "day" | "gtd";
            /**
             * @description the ordered quantity; for a notional order, what it has filled so far
             * @example 0.1
             */
            quantity: string;
            price: string | null;
            /** @description stop and stop_limit: the trigger; trailing_stop: the current trigger, moved by the venue as the mark moves (null until the venue has a price) */
            trigger_price: string | null;
            /** @description trailing_stop: the trail as a price distance */
            trail_price: string | null;
            /** @description trailing_stop: the trail as a percentage of the mark */
            trail_percent: string | null;
            /** @description trailing_stop: the mark the trigger trails, the high-water mark for a sell and the low-water mark for a buy, as the venue last reported it (at most once a second); null until the venue reports one */
            hwm: string | null;
            /** @enum {string} */
            order_class: "simple" | "bracket" | "oco" | "oto";
            /** @description a leg's parent: the entry (bracket, oto) or the limit leg (oco) */
            parent_order_id: string | null;
            /** @enum {string} */
            status: "pending" | "open" | "partially_filled" | "filled" | "cancelled" | "expired" | "rejected" | "failed";
            /** @example 0 */
            filled_quantity: string;
            average_fill_price: string | null;
            /** @description why a terminal order ended as it did: the venue's reason (e.g. user, ioc, fok, market_remainder, day_expiry, self_trade), post_only (a post-only order would have taken liquidity), gtd_expiry (a GTD order reached expire_at), oco (an exit leg: the other exit of its pair filled, or was cancelled), parent_cancelled (an exit leg: its entry was cancelled, or ended with nothing filled), or the OMS's (venue: …, unknown at the venue …); null otherwise */
            reject_reason: string | null;
            /** @example 2026-11-26T12:00:00.000Z */
            created_at: string;
            /** @example 2026-11-26T12:00:00.000Z */
            updated_at: string;
            /** @description the order may only add liquidity (limit orders) */
            post_only: boolean;
            /**
             * @description when a GTD order expires; null otherwise
             * @example 2026-12-31T23:59:59.000Z
             */
            expire_at: string | null;
            /** @description a notional order's quote amount; null for an order by quantity */
            notional: string | null;
        };
        OrderWithLegs: {
            /** Format: uuid */
            id: string;
            client_order_id: string | null;
            symbol: string;
            /** @enum {string} */
            side: "buy" | "sell";
            /** @enum {string} */
            order_type: "market" | "limit" | "stop" | "stop_limit" | "trailing_stop";
            /** @enum {string} */
            time_in_force: "gtc" | "ioc" | "fok" | "day" | "gtd";
            /**
             * @description the ordered quantity; for a notional order, what it has filled so far
             * @example 0.1
             */
            quantity: string;
            price: string | null;
            /** @description stop and stop_limit: the trigger; trailing_stop: the current trigger, moved by the venue as the mark moves (null until the venue has a price) */
            trigger_price: string | null;
            /** @description trailing_stop: the trail as a price distance */
            trail_price: string | null;
            /** @description trailing_stop: the trail as a percentage of the mark */
            trail_percent: string | null;
            /** @description trailing_stop: the mark the trigger trails, the high-water mark for a sell and the low-water mark for a buy, as the venue last reported it (at most once a second); null until the venue reports one */
            hwm: string | null;
            /** @enum {string} */
            order_class: "simple" | "bracket" | "oco" | "oto";
            /** @description a leg's parent: the entry (bracket, oto) or the limit leg (oco) */
            parent_order_id: string | null;
            /** @enum {string} */
            status: "pending" | "open" | "partially_filled" | "filled" | "cancelled" | "expired" | "rejected" | "failed";
            /** @example 0 */
            filled_quantity: string;
            average_fill_price: string | null;
            /** @description why a terminal order ended as it did: the venue's reason (e.g. user, ioc, fok, market_remainder, day_expiry, self_trade), post_only (a post-only order would have taken liquidity), gtd_expiry (a GTD order reached expire_at), oco (an exit leg: the other exit of its pair filled, or was cancelled), parent_cancelled (an exit leg: its entry was cancelled, or ended with nothing filled), or the OMS's (venue: …, unknown at the venue …); null otherwise */
            reject_reason: string | null;
            /** @example 2026-11-26T12:00:00.000Z */
            created_at: string;
            /** @example 2026-11-26T12:00:00.000Z */
            updated_at: string;
            /** @description the order may only add liquidity (limit orders) */
            post_only: boolean;
            /**
             * @description when a GTD order expires; null otherwise
             * @example 2026-12-31T23:59:59.000Z
             */
            expire_at: string | null;
            /** @description a notional order's quote amount; null for an order by quantity */
            notional: string | null;
            /** @description the parent of an order class: its legs (lists show legs as rows of their own) */
            legs?: components["schemas"]["Order"][];
        };
        OrderPreview: {
            /** @description placing this body now would be accepted (201, or 200 for a replay) */
            accepted: boolean;
            /** @description what placing it would set aside; null when a check fails before the hold is sized, or for a replay of a client_order_id (placing answers the existing order and holds nothing more) */
            hold: {
                asset: string;
                /** @example 1002 */
                amount: string;
            } | null;
            /** @description market: the average price of walking the venue's book for the quantity (or the notional), null when the book has nothing to take; without the book (the venue did not answer), the reference price. limit and stop_limit: the limit price; stop: the trigger price */
            estimated_price: string | null;
            /** @description in the quote asset: at the taker rate for market orders, stops and limit orders that would cross the book (not post-only); at the maker rate for a limit order that would rest; rounded up to the quote asset's precision, as settlement charges it */
            estimated_fee: {
                asset: string;
                /** @example 1002 */
                amount: string;
            } | null;
            /** @description the error object placing it would get (as in the error shape), or null */
            error: {
                /** @example INSUFFICIENT_FUNDS */
                code: string;
                message: string;
                details?: {
                    path: string;
                    message: string;
                }[];
            } | null;
        };
        Activity: {
            /** @example 0193a1b2-0000-7000-8000-000000000000:fill:USD */
            id: string;
            /** @enum {string} */
            type: "deposit" | "withdrawal" | "fill" | "fee";
            asset: string;
            /**
             * @description signed decimal: positive in, negative out
             * @example -5000.5
             */
            amount: string;
            created_at: string;
            order_id: string | null;
            fill_id: string | null;
            description: string;
        };
        Error: {
            error: {
                /**
                 * @example VALIDATION_ERROR
                 * @enum {string}
                 */
                code: "BAD_REQUEST" | "UNAUTHENTICATED" | "FORBIDDEN" | "NOT_FOUND" | "METHOD_NOT_ALLOWED" | "CONFLICT" | "ORDER_NOT_CANCELLABLE" | "ORDER_NOT_REPLACEABLE" | "IDEMPOTENCY_MISMATCH" | "PAYLOAD_TOO_LARGE" | "VALIDATION_ERROR" | "INSUFFICIENT_FUNDS" | "UNKNOWN_SYMBOL" | "INSTRUMENT_HALTED" | "RATE_LIMITED" | "INTERNAL_ERROR" | "EXCHANGE_ERROR" | "UNAVAILABLE";
                message: string;
                details?: {
                    path: string;
                    message: string;
                }[];
            };
        };
        Fill: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            order_id: string;
            symbol: string;
            /** @enum {string} */
            side: "buy" | "sell";
            quantity: string;
            price: string;
            fee: string;
            fee_asset: string;
            /** @enum {string} */
            liquidity: "maker" | "taker";
            executed_at: string;
        };
        Position: {
            symbol: string;
            /** @description signed: negative is short */
            quantity: string;
            average_entry_price: string;
            /** @description the venue's last trade price; null when unknown */
            market_price: string | null;
            unrealized_pnl: string | null;
            realized_pnl: string;
        };
        Balance: {
            /** @example USD */
            asset: string;
            /** @example 100000 */
            total: string;
            /** @example 95000 */
            available: string;
            /** @example 5000 */
            held: string;
        };
        Account: {
            /** Format: uuid */
            id: string;
            name: string;
            /** @description where order confirmations are sent; null: none are */
            email: string | null;
            balances: components["schemas"]["Balance"][];
        };
        AccountSummary: {
            /** Format: uuid */
            id: string;
            name: string;
            email: string | null;
            created_at: string;
        };
        ApiKey: {
            /** Format: uuid */
            id: string;
            /** @description the key's first characters, as it is shown in logs */
            prefix: string;
            scopes: ("read" | "trade")[];
            created_at: string;
            /** @description when the key last authenticated a request, to the minute (stamped at most once a minute) */
            last_used_at: string | null;
            revoked_at: string | null;
        };
        ReportQueued: {
            /** Format: uuid */
            id: string;
            /** @enum {string} */
            status: "queued" | "running" | "ready" | "failed";
        };
        Report: {
            /** Format: uuid */
            id: string;
            /** @enum {string} */
            kind: "daily_statement";
            /** @example 2026-11-26 */
            date: string;
            /** @enum {string} */
            status: "queued" | "running" | "ready" | "failed";
            /**
             * @description download path once ready, else null
             * @example /api/v1/reports/…/download
             */
            url: string | null;
            created_at: string;
        };
        SettlementSummary: {
            accounts: number;
            statements: {
                ready: number;
                failed: number;
            };
            fills: number;
            volume: {
                symbol: string;
                fills: number;
                /** @description decimal string */
                quantity: string;
                /** @description decimal string */
                notional: string;
            }[];
            fees: {
                asset: string;
                /** @description decimal string */
                amount: string;
            }[];
        };
        SettlementRun: {
            /** Format: uuid */
            id: string;
            /** @example 2026-11-26 */
            date: string;
            /** @enum {string} */
            status: "running" | "summarizing" | "complete";
            /** @description user accounts covered: one statement each */
            accounts: number;
            /** @description statements finished (ready or failed) */
            done: number;
            /** @description set when complete */
            summary: components["schemas"]["SettlementSummary"] | null;
            created_at: string;
            completed_at: string | null;
        };
        Instrument: {
            symbol: string;
            base_asset: string;
            quote_asset: string;
            tick_size: string;
            lot_size: string;
            min_quantity: string;
            maker_fee_rate: string;
            taker_fee_rate: string;
            /** @description the smallest amount of the base asset (e.g. "0.00000001"): quantities, positions and a sell's hold carry no more decimals */
            base_asset_precision: string;
            /** @description the smallest amount of the quote asset (e.g. "0.01"): balances, holds, fees and the money a fill moves carry no more decimals */
            quote_asset_precision: string;
            /** @enum {string} */
            status: "trading" | "halted";
            /** @description Candles of this instrument opening before this time are synthetic: a random walk written at the first start of a new data folder so the chart is not empty (ending at the reference price of that moment), not trades. null: every bar comes from trades. */
            candles_synthetic_until: string | null;
        };
        PositionCloseResult: {
            symbol: string;
            /** @description the HTTP status closing this position alone would answer */
            status: number;
            order?: components["schemas"]["Order"];
            error?: {
                /**
                 * @example VALIDATION_ERROR
                 * @enum {string}
                 */
                code: "BAD_REQUEST" | "UNAUTHENTICATED" | "FORBIDDEN" | "NOT_FOUND" | "METHOD_NOT_ALLOWED" | "CONFLICT" | "ORDER_NOT_CANCELLABLE" | "ORDER_NOT_REPLACEABLE" | "IDEMPOTENCY_MISMATCH" | "PAYLOAD_TOO_LARGE" | "VALIDATION_ERROR" | "INSUFFICIENT_FUNDS" | "UNKNOWN_SYMBOL" | "INSTRUMENT_HALTED" | "RATE_LIMITED" | "INTERNAL_ERROR" | "EXCHANGE_ERROR" | "UNAVAILABLE";
                message: string;
                details?: {
                    path: string;
                    message: string;
                }[];
            };
        };
        AccountDetail: {
            /** Format: uuid */
            id: string;
            name: string;
            email: string | null;
            created_at: string;
            balances: components["schemas"]["Balance"][];
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
};
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
