/** The cycle review: close the viewed cycle, download its Markdown, carry unfinished KRs over. */
import { computed, signal, type ReadonlySignal } from '@preact/signals';
import type { DownloadFile } from '../../../lib/download';
import { carryOver, closeCycle, reviewData, reviewMarkdown, unfinishedKeyResults, type ReviewData } from '../../../lib/okr/cycle-close';
import type { OkrSet } from '../../../lib/okr/model';
import { messageOf } from '../../../lib/util/error';
import { IDLE, type StatusLine } from '../../../lib/view/status-line';
import type { DashboardCore } from './core';

export interface ReviewState {
  /** The frozen review when the viewed cycle is closed. */
  data: ReviewData | null;
  markdown: string | null;
  /** KRs of the closed cycle still short of 1.0, still in it (not carried yet). */
  unfinished: Array<{ id: string; title: string }>;
  /** Cycles KRs can be carried into. */
  targets: Array<{ id: string; name: string }>;
}

export interface ReviewSession {
  review: ReadonlySignal<ReviewState | null>;
  reviewStatus: ReadonlySignal<StatusLine>;
  closeCycle(learnings: string): Promise<void>;
  downloadReview(): void;
  carryOver(krIds: string[], toCycleId: string): Promise<void>;
}

/** The set with one change made, or the sentence why it cannot be (the core throws on a bad request). */
function attempt(change: () => OkrSet): { ok: true; set: OkrSet } | { ok: false; message: string } {
  try {
    return { ok: true, set: change() };
  } catch (error) {
    return { ok: false, message: messageOf(error) };
  }
}

/** The review of one cycle of the set: frozen when the cycle is closed, with what can still be carried over. */
function reviewStateOf(set: OkrSet, id: string): ReviewState {
  const data = reviewData(set, id);
  return {
    data,
    markdown: data ? reviewMarkdown(set, id) : null,
    unfinished: data ? unfinishedKeyResults(set, id).map((kr) => ({ id: kr.id, title: kr.title })) : [],
    targets: set.cycles.filter((cycle) => cycle.id !== id && cycle.state !== 'closed').map((cycle) => ({ id: cycle.id, name: cycle.name })),
  };
}

/** One learning per line, list markers ("- ", "* ") and blank lines dropped. */
const learningsOf = (text: string): string[] =>
  text
    .split(/\r?\n/)
    .map((line) => line.replace(/^\s*[-*]\s*/, '').trim())
    .filter((line) => line !== '');

/** The session, and `reset` for when another cycle is viewed. */
export function createReviewSession(core: DashboardCore, download: (file: DownloadFile) => void): ReviewSession & { reset(): void } {
  const { selection, cycleId, context, now, save } = core;
  const reviewStatus = signal<StatusLine>(IDLE);

  const review = computed((): ReviewState | null => {
    const current = selection.value;
    const id = cycleId.value;
    if (!current || id === null) return null;
    return reviewStateOf(current.set, id);
  });

  async function close(learningsText: string): Promise<void> {
    const current = selection.value;
    const computedContext = context.value;
    const id = cycleId.value;
    if (!current || !computedContext || id === null) return;
    const learnings = learningsOf(learningsText);
    const closed = attempt(() =>
      closeCycle(current.set, id, computedContext.ctx.krResults, { closedAt: new Date(now()).toISOString(), learnings }),
    );
    if (!closed.ok) {
      reviewStatus.value = { tone: 'error', message: closed.message };
      return;
    }
    reviewStatus.value = { tone: 'busy', message: 'Closing…' };
    const saved = await save(closed.set);
    reviewStatus.value = saved.ok
      ? { tone: 'ok', message: 'Cycle closed: its scores are frozen.' }
      : { tone: 'error', message: saved.message };
  }

  async function carry(krIds: string[], toCycleId: string): Promise<void> {
    const current = selection.value;
    const from = cycleId.value;
    if (!current || from === null) return;
    if (krIds.length === 0) {
      reviewStatus.value = { tone: 'error', message: 'Choose the key results to carry over.' };
      return;
    }
    const carried = attempt(() =>
      carryOver(current.set, from, toCycleId, krIds, (oldId) => `${oldId.slice(0, 90)}-${toCycleId.slice(0, 28)}`),
    );
    if (!carried.ok) {
      reviewStatus.value = { tone: 'error', message: carried.message };
      return;
    }
    const target = current.set.cycles.find((cycle) => cycle.id === toCycleId)?.name ?? toCycleId;
    const saved = await save(carried.set);
    reviewStatus.value = saved.ok
      ? {
          tone: 'ok',
          message: `Carried ${krIds.length} key ${krIds.length === 1 ? 'result' : 'results'} into ${target}, with their check-ins and links.`,
        }
      : { tone: 'error', message: saved.message };
  }

  return {
    review,
    reviewStatus,
    closeCycle: close,
    downloadReview() {
      const current = selection.value;
      const state = review.value;
      if (!current || !state?.markdown || !state.data) return;
      download({ text: state.markdown, fileName: `${current.set.id}-${state.data.cycle.id}-review.md`, mime: 'text/markdown' });
      reviewStatus.value = { tone: 'ok', message: `Downloaded ${current.set.id}-${state.data.cycle.id}-review.md.` };
    },
    carryOver: carry,
    reset() {
      reviewStatus.value = IDLE;
    },
  };
}
