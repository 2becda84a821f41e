// Submit requests for the venue's own unit tests: a good-till-cancelled limit buy of 1 BTC-USD by
// alice at 1 (far below any quote), changed by `o`.
import type { SubmitRequest } from "../../src/venue/venue.ts";

export const limitOrder = (id: string, o: Partial<SubmitRequest> = {}): SubmitRequest => ({
  client_order_id: id,
  owner: "alice",
  symbol: "BTC-USD",
  side: "buy",
  type: "limit",
  time_in_force: "gtc",
  quantity: "1",
  price: "1",
  ...o,
});
