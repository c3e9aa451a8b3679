/**
 * Draw to find's worker host (lib/browser/draw-host) with the fixture model on the CPU backend: it loads the
 * projector once and keeps it, answers progress then the candidates, and answers a model without an encoder with
 * an error that keeps its name; the client (lib/browser/draw-client) resolves and rejects accordingly through a
 * loopback "worker", and fails what is in flight when the worker dies.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';

import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';

import { loadProjector } from '@/lib/draw/projector';
import { DrawClient, type StartDrawWorker } from '@/lib/browser/draw-client';
import { createDrawHost } from '@/lib/browser/draw-host';
import type { DrawAnswer } from '@/lib/browser/draw-protocol';
import type { ModelEntry } from '@/lib/model/model-folder';

import { fixtureModel, FIXTURE_MODELS_DIR } from './helpers/fixture-models';

let model: ModelEntry;
beforeAll(async () => {
  await tf.setBackend('cpu');
  model = await fixtureModel();
});

function hostWith(loads: string[]) {
  const source = {
    async read(id: string, file: string, options?: { onBytes?: (n: number) => void }) {
      const bytes = new Uint8Array(await readFile(path.join(FIXTURE_MODELS_DIR, id, file)));
      options?.onBytes?.(bytes.length);
      return bytes;
    },
  };
  return (post: (a: DrawAnswer) => void) =>
    createDrawHost(
      {
        load: (m, backends, onProgress) => {
          loads.push(m.id);
          return loadProjector({ model: m, source, backends: ['cpu'], onProgress });
        },
        liveTensors: () => tf.memory().numTensors,
        now: () => performance.now(),
      },
      post,
    );
}

/** A DrawClient whose "worker" is a host in this process. */
function loopbackClient(loads: string[]): { client: DrawClient; crash: (reason: string) => void } {
  let fail: (reason: string) => void = () => undefined;
  const start: StartDrawWorker = (events) => {
    fail = events.fail;
    const host = hostWith(loads)((a) => events.answer(a));
    return { post: (m) => void host.handle(m), terminate: () => undefined };
  };
  return { client: new DrawClient(start), crash: (reason) => fail(reason) };
}

const drawing = () => Float32Array.from({ length: 32 * 32 }, (_, i) => (Math.abs((i % 32) - 16) < 2 ? -1 : 1));

describe('the draw worker', () => {
  it('loads once, reports progress and answers candidates, closest first', async () => {
    const loads: string[] = [];
    const { client } = loopbackClient(loads);
    const phases: string[] = [];
    const found = await client.find(model, drawing(), (p) => phases.push(p.phase));
    expect(found.backend).toBe('cpu');
    expect(found.candidates).toHaveLength(4);
    expect(found.candidates.map((c) => c.loss)).toEqual([...found.candidates.map((c) => c.loss)].sort((a, b) => a - b));
    expect(phases).toContain('download');
    expect(phases.at(-1)).toBe('draw');
    await client.find(model, drawing());
    expect(loads).toEqual([model.id]);
  });

  it('answers a model without an encoder with a named error, and a dead worker fails the search in flight', async () => {
    const { client, crash } = loopbackClient([]);
    await expect(client.find({ ...model, encoder: undefined }, drawing())).rejects.toMatchObject({ name: 'NoEncoderError' });
    const pending = client.find(model, drawing());
    crash('out of memory');
    await expect(pending).rejects.toThrow(/worker stopped \(out of memory\)/);
  });
});
