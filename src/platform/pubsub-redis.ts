// Pub/sub over Redis channels: publishes on the command connection, listens on the subscriber
// connection, which ioredis resubscribes after every reconnect.
import type { Redis } from "ioredis";
import { type MessageHandler, type PubSub, Subscriptions, type Unsubscribe } from "./pubsub.ts";

export class RedisPubSub implements PubSub {
  readonly #commands: Redis;
  readonly #subscriber: Redis;
  readonly #prefix: string;
  readonly #subs = new Subscriptions();

  constructor(o: { commands: Redis; subscriber: Redis; prefix: string }) {
    this.#commands = o.commands;
    this.#subscriber = o.subscriber;
    this.#prefix = o.prefix;
    this.#subscriber.on("message", (channel: string, message: string) => {
      if (channel.startsWith(this.#prefix)) this.#subs.deliver(channel.slice(this.#prefix.length), message);
    });
  }

  async publish(channel: string, message: string): Promise<void> {
    await this.#commands.publish(this.#prefix + channel, message);
  }

  async subscribe(channel: string, handler: MessageHandler): Promise<Unsubscribe> {
    if (this.#subs.add(channel, handler)) await this.#subscriber.subscribe(this.#prefix + channel);
    return async () => {
      if (this.#subs.remove(channel, handler)) await this.#unsubscribe(channel);
    };
  }

  async close(): Promise<void> {
    for (const channel of this.#subs.channels) await this.#unsubscribe(channel);
  }

  /**
   * Not while disconnected: the command would wait in the offline queue until Redis is back, and
   * hold the connection's quit behind it. A message on a channel without handlers is dropped.
   */
  async #unsubscribe(channel: string): Promise<void> {
    if (this.#subscriber.status !== "ready") return;
    await this.#subscriber.unsubscribe(this.#prefix + channel).catch(() => undefined);
  }
}
