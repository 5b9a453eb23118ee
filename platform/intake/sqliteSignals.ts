/**
 * Wake-ups between the processes that share one SQLite intake file (the community subgraph stores
 * a report, each department's worker delivers it, the community's mutation waits for the answer).
 * A topic is a small file beside the database (`intake.sqlite-wake-due`, `-wake-settled`): raising
 * it writes one byte in place, and every process watching it (fs.watch: inotify on Linux, kqueue on
 * macOS, both immediate for a single file) is told. Within one process the raise also goes
 * straight to the other store instances on the same file through an in-memory emitter.
 * The files carry no data, only the moment: a raise that nobody sees (a watch being replaced, a
 * file system without notifications) is made up for by the caller's fallback poll.
 */
import { EventEmitter } from 'node:events';
import { closeSync, openSync, watch, writeSync, type FSWatcher } from 'node:fs';
import { resolve } from 'node:path';

export type SignalTopic = 'due' | 'settled';

export interface FileSignals {
  /** Tells every watcher of `topic` on this file, in this process at once and in the others through the file. */
  raise(topic: SignalTopic): void;
  /** Calls `listener` when `topic` is raised, by any process; returns the function that stops it. */
  watch(topic: SignalTopic, listener: () => void): () => void;
  close(): void;
}

/** This process's store instances per database file: a raise reaches the others without the file. */
const inProcess = new Map<string, EventEmitter>();

const ONE_BYTE = Buffer.from([0x21]);
/** After a watch fails (the file removed, a watcher error), how long before it is set up again. */
const REWATCH_MS = 1000;

export function fileSignals(databaseFile: string): FileSignals {
  const base = resolve(databaseFile);
  const shared = inProcess.get(base) ?? new EventEmitter().setMaxListeners(0);
  inProcess.set(base, shared);
  const mine = new EventEmitter().setMaxListeners(0);
  const relay = { due: () => mine.emit('due'), settled: () => mine.emit('settled') };
  shared.on('due', relay.due).on('settled', relay.settled);

  const pathOf = (topic: SignalTopic) => `${base}-wake-${topic}`;
  const writers = new Map<SignalTopic, number>();
  const watchers = new Map<SignalTopic, FSWatcher>();
  const retries = new Set<NodeJS.Timeout>();
  let closed = false;

  /** The topic's file, created empty if missing (a watch needs it to exist); returns a descriptor open for writing in place. */
  const openTopic = (topic: SignalTopic) => {
    closeSync(openSync(pathOf(topic), 'a'));
    return openSync(pathOf(topic), 'r+');
  };

  const startWatching = (topic: SignalTopic) => {
    if (closed || watchers.has(topic) || mine.listenerCount(topic) === 0) return;
    const again = () => {
      watchers.get(topic)?.close();
      watchers.delete(topic);
      if (closed) return;
      const timer = setTimeout(() => {
        retries.delete(timer);
        startWatching(topic);
        // Whatever was raised while nobody watched: the listeners look for themselves.
        mine.emit(topic);
      }, REWATCH_MS);
      timer.unref();
      retries.add(timer);
    };
    try {
      closeSync(openTopic(topic));
      // Not persistent: a watch never keeps a process alive on its own.
      const watcher = watch(pathOf(topic), { persistent: false }, (event) => (event === 'rename' ? again() : mine.emit(topic)));
      watcher.on('error', again);
      watchers.set(topic, watcher);
    } catch {
      again();
    }
  };

  return {
    raise(topic) {
      shared.emit(topic);
      try {
        let fd = writers.get(topic);
        if (fd === undefined) writers.set(topic, (fd = openTopic(topic)));
        writeSync(fd, ONE_BYTE, 0, 1, 0);
      } catch {
        // A hint only: the other processes' fallback poll finds the work.
      }
    },
    watch(topic, listener) {
      mine.on(topic, listener);
      startWatching(topic);
      return () => void mine.off(topic, listener);
    },
    close() {
      if (closed) return;
      closed = true;
      shared.off('due', relay.due).off('settled', relay.settled);
      if (shared.listenerCount('due') + shared.listenerCount('settled') === 0) inProcess.delete(base);
      for (const timer of retries) clearTimeout(timer);
      for (const watcher of watchers.values()) watcher.close();
      for (const fd of writers.values()) closeSync(fd);
      mine.removeAllListeners();
    },
  };
}
