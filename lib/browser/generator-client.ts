/**
 * The page's side of lib/browser/worker-protocol: generators that run in the generator's worker, behind the
 * same SymbolGenerator interface the rest of the site draws with. One worker serves every generator of the
 * page; it is started on the first request and again on the first request after it ended:
 * - it could not start or it crashed: what was asked of it fails with a WorkerFailedError, and Retry (any
 *   later request) starts a new worker, where each generator is loaded again before it is used;
 * - its WebGL context was lost: it is ended and each request it had is sent once more to a new worker,
 *   whose backend starts afresh (or falls back to wasm or CPU); the generators report their new backend.
 * Starting the worker is injected (StartWorker), so the unit tests run the client against a fake one.
 */
import type { BackendName } from '../model/backend';
import type { LoadProgress, SymbolGenerator } from '../model/generator';
import type { ModelEntry } from '../model/model-folder';
import { deserializeError, packBatch, packMasks, transferables, type WorkerAnswer, type WorkerRequest } from './worker-protocol';

/** A started worker, as the client talks to it. */
export interface WorkerPort {
  post(message: WorkerRequest, transfer: ArrayBuffer[]): void;
  terminate(): void;
}

/** Starts a worker that reports each answer, and its failure (it could not load, or it crashed), to `events`. */
export type StartWorker = (events: { answer(answer: WorkerAnswer): void; fail(reason: string): void }) => WorkerPort;

/** A generator in the worker: a SymbolGenerator whose backend can change (after a lost WebGL context); `subscribe` hears when. */
export interface PageGenerator extends SymbolGenerator {
  subscribe(onChange: () => void): () => void;
}

/** The worker could not start or stopped: nothing it was asked will be answered. */
export class WorkerFailedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WorkerFailedError';
  }
}

/** The worker's WebGL context was lost (it is replaced, and the request sent once more). */
export class DeviceLostError extends Error {
  constructor(backend: BackendName) {
    super(`The graphics device stopped while drawing (the ${backend} context was lost twice in a row).`);
    this.name = 'DeviceLostError';
  }
}

/** What the worker needs to load a generator: the same again in each new worker. */
interface GeneratorSpec {
  handle: number;
  model: ModelEntry;
  backends?: readonly BackendName[];
}

type Loaded = Extract<WorkerAnswer, { type: 'loaded' }>;

interface Call {
  resolve(answer: WorkerAnswer): void;
  reject(error: Error): void;
  onProgress?: (progress: LoadProgress) => void;
}

/** One started worker: its port, the requests it has not answered, the generators loaded (or loading) in it. */
interface Session {
  port: WorkerPort;
  calls: Map<number, Call>;
  loads: Map<number, Promise<Loaded>>;
  answered: boolean;
  /** Why the worker was ended (null while it runs): what a request made to it afterwards fails with. */
  ended: Error | null;
}

/** The port of a session whose worker is being started. */
const NOT_STARTED: WorkerPort = { post: () => undefined, terminate: () => undefined };

export class GeneratorClient {
  private session: Session | null = null;
  private nextId = 1;
  private nextHandle = 1;
  private tensorCount = 0;

  constructor(private readonly start: StartWorker) {}

  /** The worker's live tensor count in its latest answer (0 before any): the gallery's and morph's leak checks. */
  get tensors(): number {
    return this.tensorCount;
  }

  /** Loads `model` in the worker; resolves once it is warmed up there. */
  async load(model: ModelEntry, backends?: readonly BackendName[], onProgress?: (p: LoadProgress) => void): Promise<PageGenerator> {
    const spec: GeneratorSpec = { handle: this.nextHandle++, model, backends };
    const loaded = await this.once((session) => this.loaded(session, spec, onProgress));
    return new RemoteGenerator(this, spec, loaded);
  }

  /** @internal RemoteGenerator's generate. */
  generate(remote: RemoteGenerator, latents: readonly Float32Array[], styles?: readonly Float32Array[]): Promise<Float32Array[]> {
    return this.once(async (session) => {
      const loaded = await this.loaded(session, remote.spec);
      remote.settle(loaded.backend, loaded.fromCache);
      const id = this.nextId++;
      const answer = await this.call(session, { type: 'generate', id, handle: remote.spec.handle, batch: packBatch(latents, styles) });
      if (answer.type !== 'images') throw new Error(`The worker answered a generate request with "${answer.type}".`);
      remote.settle(answer.backend, loaded.fromCache);
      return answer.images;
    });
  }

  /** @internal RemoteGenerator's critique. */
  critique(remote: RemoteGenerator, masks: readonly Uint8Array[]): Promise<Float32Array> {
    return this.once(async (session) => {
      const loaded = await this.loaded(session, remote.spec);
      remote.settle(loaded.backend, loaded.fromCache);
      const id = this.nextId++;
      const answer = await this.call(session, { type: 'critique', id, handle: remote.spec.handle, masks: packMasks(masks) });
      if (answer.type !== 'logits') throw new Error(`The worker answered a critique request with "${answer.type}".`);
      remote.settle(answer.backend, loaded.fromCache);
      return answer.logits;
    });
  }

  /** @internal RemoteGenerator's dispose. */
  dispose(spec: GeneratorSpec): void {
    const session = this.session;
    if (!session || session.ended) return;
    session.loads.delete(spec.handle);
    session.port.post({ type: 'dispose', handle: spec.handle }, []);
  }

  /** Runs `attempt` in the current worker, and once more in a new one when the first lost its WebGL context. */
  private async once<T>(attempt: (session: Session) => Promise<T>): Promise<T> {
    try {
      return await attempt(this.current());
    } catch (error) {
      if (!(error instanceof DeviceLostError)) throw error;
      return attempt(this.current());
    }
  }

  /** The generator of `spec` loaded in `session`'s worker (loading it there first if need be). */
  private loaded(session: Session, spec: GeneratorSpec, onProgress?: (p: LoadProgress) => void): Promise<Loaded> {
    const known = session.loads.get(spec.handle);
    if (known) return known;
    const loading = this.call(session, { type: 'load', id: this.nextId++, handle: spec.handle, model: spec.model, backends: spec.backends }, onProgress).then(
      (answer) => {
        if (answer.type !== 'loaded') throw new Error(`The worker answered a load request with "${answer.type}".`);
        return answer;
      },
    );
    session.loads.set(spec.handle, loading);
    // A failed load is forgotten, so the next request tries again.
    loading.catch(() => session.loads.get(spec.handle) === loading && session.loads.delete(spec.handle));
    return loading;
  }

  private current(): Session {
    if (this.session && !this.session.ended) return this.session;
    const session: Session = { port: NOT_STARTED, calls: new Map(), loads: new Map(), answered: false, ended: null };
    try {
      session.port = this.start({ answer: (answer) => this.receive(session, answer), fail: (reason) => this.end(session, this.failure(session, reason)) });
    } catch (error) {
      throw new WorkerFailedError(`The generator could not start in this browser (${error instanceof Error ? error.message : String(error)}).`);
    }
    this.session = session;
    return session;
  }

  private failure(session: Session, reason: string): WorkerFailedError {
    return new WorkerFailedError(
      session.answered ? `The generator stopped unexpectedly (${reason}).` : `The generator could not start in this browser (${reason}).`,
    );
  }

  private call(session: Session, message: Extract<WorkerRequest, { id: number }>, onProgress?: (p: LoadProgress) => void): Promise<WorkerAnswer> {
    if (session.ended) return Promise.reject(session.ended);
    return new Promise((resolve, reject) => {
      session.calls.set(message.id, { resolve, reject, onProgress });
      try {
        session.port.post(message, transferables(message));
      } catch (error) {
        session.calls.delete(message.id);
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  }

  private receive(session: Session, answer: WorkerAnswer): void {
    if (session.ended) return;
    session.answered = true;
    if (answer.type === 'device-lost') {
      this.end(session, new DeviceLostError(answer.backend));
      return;
    }
    if (answer.type === 'loaded' || answer.type === 'images' || answer.type === 'logits') this.tensorCount = answer.tensors;
    const call = session.calls.get(answer.id);
    if (!call) return;
    if (answer.type === 'progress') {
      call.onProgress?.(answer.progress);
      return;
    }
    session.calls.delete(answer.id);
    if (answer.type === 'error') call.reject(deserializeError(answer.error));
    else call.resolve(answer);
  }

  /** Ends `session`'s worker; everything it was asked fails with `error`. */
  private end(session: Session, error: Error): void {
    if (session.ended) return;
    session.ended = error;
    if (this.session === session) this.session = null;
    session.port.terminate();
    const calls = [...session.calls.values()];
    session.calls.clear();
    calls.forEach((call) => call.reject(error));
  }
}

class RemoteGenerator implements PageGenerator {
  readonly model: ModelEntry;
  backend: BackendName;
  fromCache: boolean;
  private disposed = false;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly client: GeneratorClient,
    readonly spec: GeneratorSpec,
    loaded: Loaded,
  ) {
    this.model = spec.model;
    this.backend = loaded.backend;
    this.fromCache = loaded.fromCache;
  }

  async generate(latents: readonly Float32Array[], styles?: readonly Float32Array[]): Promise<Float32Array[]> {
    if (this.disposed) throw new Error('This generator was disposed.');
    if (latents.length === 0) return [];
    return this.client.generate(this, latents, styles);
  }

  async critique(masks: readonly Uint8Array[]): Promise<Float32Array> {
    if (this.disposed) throw new Error('This generator was disposed.');
    if (masks.length === 0) return new Float32Array(0);
    return this.client.critique(this, masks);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.client.dispose(this.spec);
  }

  subscribe(onChange: () => void): () => void {
    this.listeners.add(onChange);
    return () => this.listeners.delete(onChange);
  }

  /** What the worker that answered last says: a new worker may run on another backend, with the model from the cache. */
  settle(backend: BackendName, fromCache: boolean): void {
    const changed = backend !== this.backend || fromCache !== this.fromCache;
    this.backend = backend;
    this.fromCache = fromCache;
    if (changed) this.listeners.forEach((listener) => listener());
  }
}
