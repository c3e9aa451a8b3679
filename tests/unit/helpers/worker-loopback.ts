/**
 * The generator's worker without a browser: lib/browser/generator-host on the fixture model and the CPU
 * backend, with messages copied (and their buffers transferred) by structuredClone and delivered on a later
 * turn of the event loop, as a real worker's postMessage does.
 */
import * as tf from '@tensorflow/tfjs-core';

import type { StartWorker } from '@/lib/browser/generator-client';
import { createGeneratorHost, type GeneratorHostDeps } from '@/lib/browser/generator-host';
import { load } from '@/lib/model/generator';
import { fileModelSource } from '@/lib/server/model-files';

import { FIXTURE_MODELS_DIR } from './fixture-models';

/** A worker's dependencies on the fixture models: the real load on the CPU backend, no device to lose. */
export function fixtureHostDeps(overrides: Partial<GeneratorHostDeps> = {}): GeneratorHostDeps {
  return {
    load: (model, _backends, onProgress) => load({ model, source: fileModelSource(FIXTURE_MODELS_DIR), backends: ['cpu'], onProgress }),
    liveTensors: () => tf.memory().numTensors,
    watchDevice: () => undefined,
    deviceLost: () => false,
    ...overrides,
  };
}

const later = (fn: () => void) => setTimeout(fn, 0);

export interface LoopbackWorkers {
  start: StartWorker;
  /** Every worker started, in order: whether it was terminated, and how to make it fail (as an error event would). */
  started: { terminated: boolean; fail(reason: string): void }[];
}

/** Starts in-process workers whose hosts get `depsFor(n)` (n: 0 for the first worker started, 1 for the next…). */
export function loopbackWorkers(depsFor: (n: number) => GeneratorHostDeps = () => fixtureHostDeps()): LoopbackWorkers {
  const started: LoopbackWorkers['started'] = [];
  const start: StartWorker = (events) => {
    const worker = { terminated: false, fail: (reason: string) => later(() => events.fail(reason)) };
    const host = createGeneratorHost(depsFor(started.length), (answer, transfer) => {
      const copy = structuredClone(answer, { transfer });
      later(() => worker.terminated || events.answer(copy));
    });
    started.push(worker);
    return {
      post(message, transfer) {
        const copy = structuredClone(message, { transfer });
        later(() => worker.terminated || void host.handle(copy));
      },
      terminate: () => void (worker.terminated = true),
    };
  };
  return { start, started };
}
