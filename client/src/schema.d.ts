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
                header?: never;
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
                        quantity: string | number;
                        /** @description your id for this order, unique per account; replaying it returns the same order */
                        client_order_id?: string;
                        /** @enum {string} */
                        order_type: "market";
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
                    } | {
                        /** @example BTC-USD */
                        symbol: string;
                        /** @enum {string} */
                        side: "buy" | "sell";
                        /** @description quantity: decimal string (or JSON number), > 0 */
                        quantity: string | number;
                        /** @description your id for this order, unique per account; replaying it returns the same order */
                        client_order_id?: string;
                        /** @enum {string} */
                        order_type: "limit";
                        /**
                         * @default gtc
                         * @enum {string}
                         */
                        time_in_force?: "gtc" | "ioc" | "fok" | "day";
                        /** @description price: decimal string (or JSON number), > 0 */
                        price: string | number;
                        /** @description trigger_price is only allowed for stop and stop_limit orders */
                        trigger_price?: unknown;
                        /** @description slippage_tolerance is only allowed for market and stop orders */
                        slippage_tolerance?: unknown;
                    } | {
                        /** @example BTC-USD */
                        symbol: string;
                        /** @enum {string} */
                        side: "buy" | "sell";
                        /** @description quantity: decimal string (or JSON number), > 0 */
                        quantity: string | number;
                        /** @description your id for this order, unique per account; replaying it returns the same order */
                        client_order_id?: string;
                        /** @enum {string} */
                        order_type: "stop";
                        /**
                         * @default gtc
                         * @enum {string}
                         */
                        time_in_force?: "gtc" | "ioc" | "fok" | "day";
                        /** @description price is not allowed for stop orders (use stop_limit) */
                        price?: unknown;
                        /** @description trigger_price: decimal string (or JSON number), > 0 */
                        trigger_price: string | number;
                        /** @description 0..0.1, default 0.01: sizes the hold and bounds the worst accepted price */
                        slippage_tolerance?: string | number;
                    } | {
                        /** @example BTC-USD */
                        symbol: string;
                        /** @enum {string} */
                        side: "buy" | "sell";
                        /** @description quantity: decimal string (or JSON number), > 0 */
                        quantity: string | number;
                        /** @description your id for this order, unique per account; replaying it returns the same order */
                        client_order_id?: string;
                        /** @enum {string} */
                        order_type: "stop_limit";
                        /**
                         * @default gtc
                         * @enum {string}
                         */
                        time_in_force?: "gtc" | "ioc" | "fok" | "day";
                        /** @description price: decimal string (or JSON number), > 0 */
                        price: string | number;
                        /** @description trigger_price: decimal string (or JSON number), > 0 */
                        trigger_price: string | number;
                        /** @description slippage_tolerance is only allowed for market and stop orders */
                        slippage_tolerance?: unknown;
                    };
                };
            };
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
                201: {
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
        /** Cancel all open orders, optionally of one symbol */
        delete: {
            parameters: {
                query?: {
                    /** @example BTC-USD */
                    symbol?: string;
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
        /**
         * Cancel an order
         * @description Releases the order's hold. 409 ORDER_NOT_CANCELLABLE when the order is already terminal.
         */
        delete: {
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
        options?: never;
        head?: never;
        /**
         * Replace quantity and/or price of an open limit order
         * @description Amends the order at the venue under the same id (a quantity decrease keeps time priority; anything else loses it). quantity is the new total, fills included. 409 ORDER_NOT_REPLACEABLE when the order is not an open limit order or the venue refused (e.g. it filled meanwhile). 409 CONFLICT while another replace of the same order is waiting for the venue: one replace of an order at a time; send it again once the other has been answered.
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
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
        delete?: never;
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
    "/api/v1/admin/accounts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Create an account */
        post: {
            parameters: {
                query?: never;
                header?: never;
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
        /** Deposit funds: a balanced ledger journal from the external account */
        post: {
            parameters: {
                query?: never;
                header?: never;
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
        get?: never;
        put?: never;
        /** Create an API key (the key is shown only in this response) */
        post: {
            parameters: {
                query?: never;
                header?: never;
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
        get?: never;
        put?: never;
        /**
         * Request a report (generated in the background)
         * @description Queues a daily statement of this account for a UTC day (1970-01-01 up to today): the fills executed that day and the closing balances, as CSV. A write: needs the 'trade' scope (polling and downloading need 'read'). Poll GET /api/v1/reports/{id} until status is ready.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
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
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ReportQueued"];
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
        get?: never;
        put?: never;
        /**
         * Start the end-of-day run of a UTC day
         * @description Creates the run and, in the same transaction, one daily statement and its job per user account. When every statement has finished (ready or failed), exactly one summary job writes the run's summary and completes it. A day has one run: starting it again answers 200 with the existing run.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
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
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["SettlementRun"];
                    };
                };
                /** @description Default Response */
                202: {
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
            order_type: "market" | "limit" | "stop" | "stop_limit";
            /** @enum {string} */
            time_in_force: "gtc" | "ioc" | "fok" | "day";
            /** @example 0.1 */
            quantity: string;
            price: string | null;
            trigger_price: string | null;
            /** @enum {string} */
            status: "pending" | "open" | "partially_filled" | "filled" | "cancelled" | "expired" | "rejected" | "failed";
            /** @example 0 */
            filled_quantity: string;
            average_fill_price: string | null;
            reject_reason: string | null;
            /** @example 2026-11-26T12:00:00.000Z */
            created_at: string;
            /** @example 2026-11-26T12:00:00.000Z */
            updated_at: string;
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
            balances: components["schemas"]["BalanceInput"][];
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
            /** @enum {string} */
            status: "trading" | "halted";
        };
        Order: {
            /** Format: uuid */
            id: string;
            client_order_id: string | null;
            symbol: string;
            /** @enum {string} */
            side: "buy" | "sell";
            /** @enum {string} */
            order_type: "market" | "limit" | "stop" | "stop_limit";
            /** @enum {string} */
            time_in_force: "gtc" | "ioc" | "fok" | "day";
            /** @example 0.1 */
            quantity: string;
            price: string | null;
            trigger_price: string | null;
            /** @enum {string} */
            status: "pending" | "open" | "partially_filled" | "filled" | "cancelled" | "expired" | "rejected" | "failed";
            /** @example 0 */
            filled_quantity: string;
            average_fill_price: string | null;
            reject_reason: string | null;
            /** @example 2026-11-26T12:00:00.000Z */
            created_at: string;
            /** @example 2026-11-26T12:00:00.000Z */
            updated_at: string;
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
            balances: components["schemas"]["Balance"][];
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
            /** @enum {string} */
            status: "trading" | "halted";
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
