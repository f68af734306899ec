import type { Logger } from '../lib/log.js';
import type { LiveEvent, LiveEvents } from './liveEvents.js';

type Listener = (event: LiveEvent) => void;

/** The bus within one process: all an embedded (SQLite) deployment needs. */
export class LocalLiveEvents implements LiveEvents {
  private readonly listeners = new Set<Listener>();

  constructor(private readonly log?: Logger) {}

  async publish(event: LiveEvent): Promise<void> {
    this.deliver(event);
  }

  /** Hands the event to every subscriber; one failing subscriber does not starve the others. */
  deliver(event: LiveEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (err) {
        this.log?.error({ err, type: event.type }, 'live-event subscriber failed');
      }
    }
  }

  subscribe(listener: Listener): () => void {
    // Wrapped so that subscribing the same function twice gives two independent subscriptions.
    const entry: Listener = (event) => listener(event);
    this.listeners.add(entry);
    return () => {
      this.listeners.delete(entry);
    };
  }

  async close(): Promise<void> {
    this.listeners.clear();
  }
}
