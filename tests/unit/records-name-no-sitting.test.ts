/**
 * The project's records say when (a date, and a time where several fall on one day) and how (the command), and who
 * only as a role a reader understands ("a maintainer who had studied this model's samples"). Model cards, the READMEs,
 * docs/ and the benchmark results never name a sitting of work ("session 4", "end of session 2", "the helpers' tests",
 * "the session that wrote the C2ST"): a visitor cannot know what it means (issue 27). The software's own sessions
 * (the morph session, MorphSession, the gallery pager) are not sittings and stay.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { ROOT } from './helpers/imports';

/** Phrases that date a record by a sitting of work, or name a person by their part in one. */
const SITTING: readonly RegExp[] = [
  /\bsessions? \d/i, // "session 4", "Session 6 (2026-12-02 ...)", "session 2026-12-01 afternoon"
  /\b(?:this|that|next|previous|last|another|later|earlier|different|working)\s+sessions?\b/i, // "this session", "the next session"
  /\bone session to the next\b/i,
  /\b(?:end|start|rest) of (?:the |this |that |a |each |every )?(?:working )?session\b/i, // "end of session"
  /\b(?:across|between) sessions\b/i, // "carries it between sessions and machines"
  /\bthe session that (?:wrote|ran|measured|judged|trained|exported|made|built)\b/i,
  /\bhelpers?['’]/i, // "the helpers' tests": a person's tests (code helpers own nothing)
  /\bhelper (?:session|engineer|agent)s?\b/i,
  /\b(?:other|another|the lead) engineers?\b/i,
];

/** Each line of `text` that names a sitting, as "label:line: text". */
function sittingsNamed(label: string, text: string): string[] {
  return text.split('\n').flatMap((line, i) => (SITTING.some((re) => re.test(line)) ? [`${label}:${i + 1}: ${line.trim()}`] : []));
}

/** The records a visitor or a new maintainer reads: model cards, the READMEs, docs/ and bench/RESULTS*.md. */
function recordFiles(): string[] {
  const inDir = (dir: string, keep: (name: string) => boolean) =>
    readdirSync(path.join(ROOT, dir))
      .filter(keep)
      .map((name) => path.join(dir, name));
  const models = path.join('public', 'models');
  const cards = readdirSync(path.join(ROOT, models), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => path.join(models, entry.name, 'model-card.json'))
    .filter((file) => existsSync(path.join(ROOT, file)));
  return [
    'README.md',
    path.join('training', 'README.md'),
    ...inDir('docs', (name) => name.endsWith('.md')),
    ...inDir('bench', (name) => /^RESULTS.*\.md$/.test(name)),
    ...cards,
  ];
}

describe('records name no sitting', () => {
  it('catches the ways a record named a sitting or its people', () => {
    const old = [
      "session 5 developer (knows the model's tells)",
      'developer (session 4), second sheet',
      'a developer (the session that wrote the C2ST), before opening the key',
      'developer (session 2026-12-01 afternoon), before opening the key',
      '| 2026-12-01, end of session | 628.4 | 119.2 |',
      "| 2026-12-01, end of session 2 | 1,207.8 | 230.5 | 30-175 img/s beside the helpers' tests, the browser suites |",
      '| 2026-12-01, resumption 3 (session 4) | 1,563.1 |',
      'Session 6 (2026-12-02 00:13-01:09, training stopped, the machine otherwise idle)',
      'Figures from different sessions are therefore not',
      'comparable; the experiments below were measured side by side in this session:',
      'Lighthouse figures drift with the host from one session to the next, so compare pages measured in one run only.',
      '`cmp-rpgan` and resumes at the start of every working session, first thing, in the background',
      '(15 MB, committed, replaced in place) carries it between sessions and machines;',
      "(`samples/resume-<step>.png`): the run's progress across sessions in one file.",
      'improves; the next session can resume from the carry file',
      'other engineers\' builds and browser tests (load average 5.3)',
      'No GPU was available to this session, so',
    ];
    for (const line of old) expect(sittingsNamed('old', line), line).toHaveLength(1);
  });

  it("leaves the software's own sessions and helpers alone", () => {
    const software = [
      '`lib/morph/`, `lib/gallery/`: the morph session (legs drawn ahead of the playhead, playback)',
      'rendering pipeline and the sessions in [docs/site.md](docs/site.md)):',
      '`hooks/`: thin React wrappers over the sessions and the generator.',
      '## Sessions and views',
      'The two pages with state of their own keep it in a DOM-free session, which a hook wraps and a component shows.',
      '`lib/morph/session.ts`, `MorphSession` (wrapped by `hooks/use-morph-session.ts`, shown by `components/morph/`):',
      'All three are unit-tested without a browser (`tests/unit/morph-session.test.ts`, `tests/unit/gallery-pager.test.ts`,',
      'the image API, share cards, app icons, HTTP helpers, the PNG encoder (node:zlib)',
      'byte helpers, zod settings',
      'Every resumption first appends an event line to `stats.jsonl`; resumption 3 measured 0.630.',
      "passed as real to a maintainer who had studied this model's samples (2026-12-01)",
    ];
    for (const line of software) expect(sittingsNamed('software', line), line).toEqual([]);
  });

  it('no model card, README, doc or benchmark result names a sitting', () => {
    const files = recordFiles();
    expect(files).toContain(path.join('public', 'models', 'sigil-64-20261201-4', 'model-card.json'));
    const found = files.flatMap((file) => sittingsNamed(file, readFileSync(path.join(ROOT, file), 'utf8')));
    expect(found, 'date these by when (and the command), and name people only by role').toEqual([]);
  });
});
