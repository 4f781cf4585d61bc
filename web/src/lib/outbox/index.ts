import { useEffect, useState } from 'react';
import { Outbox } from './outbox.ts';
import { idbStore } from './idbStore.ts';
import { fetchTransport } from './fetchTransport.ts';
import type { Command } from './types.ts';

export type { Command, CommandState, ReportCasePayload, CaseActionPayload } from './types.ts';
export type { PostCommandKind, PostCommandPayload } from './types.ts';

let instance: Outbox | null = null;

/**
 * The one outbox of this browser, started on first use: it replays what is queued at once (app start,
 * reload), again on every `online` event, and on its own backoff timer in between.
 */
export function outbox(): Outbox {
  if (instance) return instance;
  const box = new Outbox({ store: idbStore, transport: fetchTransport, isOnline: () => navigator.onLine });
  instance = box;
  window.addEventListener('online', () => void box.flushNow());
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') void box.flush();
  });
  void box.flushNow();
  return box;
}

/** The outbox's commands, oldest first, re-rendered on every change. */
export function useOutbox(): Command[] {
  const box = outbox();
  const [commands, setCommands] = useState<Command[]>(() => box.current());
  useEffect(() => {
    const off = box.subscribe(setCommands);
    void box.list().then(setCommands);
    return off;
  }, [box]);
  return commands;
}

/** Whether the browser believes it is online, updated on online/offline events. */
export function useOnline(): boolean {
  const [online, setOnline] = useState(() => navigator.onLine);
  useEffect(() => {
    const up = () => setOnline(true);
    const down = () => setOnline(false);
    window.addEventListener('online', up);
    window.addEventListener('offline', down);
    return () => {
      window.removeEventListener('online', up);
      window.removeEventListener('offline', down);
    };
  }, []);
  return online;
}
