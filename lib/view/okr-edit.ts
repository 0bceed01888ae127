/**
 * Editing an OKR set in the dashboard, pure: forms for cycles, objectives and key results as the
 * user types them, the set they would make, what is wrong with it (schema and references, with
 * the field each message belongs to) and the playbook findings about the item being edited, so
 * the page can show them as the user types. Nothing here stores anything.
 *
 * Decisions:
 * - New ids are made from the title plus a time stamp: ids end up in tracker links and exports
 *   and are never reused, so a deleted KR's id never comes back for a new one.
 * - Deleting refuses what others point at (an objective inheriting a KR, one supporting it):
 *   silently cutting someone else's alignment would be a surprise. A KR goes with its check-ins;
 *   an objective with its KRs; a cycle only when empty.
 */
import { lintOkrSet, type Finding } from '../okr/lint';
import { idSchema, type Cycle, type KeyResult, type Objective, type OkrSet, type OkrSetInput } from '../okr/model';
import { resolvePlaybook } from '../okr/playbook';
import { parseOkrSet, type ValidationError } from '../okr/validate';

export interface CycleForm {
  name: string;
  start: string;
  end: string;
  state: Cycle['state'];
}

export interface ObjectiveForm {
  title: string;
  description: string;
  level: Objective['level'];
  team: string;
  owner: string;
  commitment: Objective['commitment'];
  /** A KR id, or '' for none. */
  inherits: string;
  /** Objective and KR ids. */
  supports: string[];
}

export interface KrForm {
  title: string;
  owner: string;
  /** Comma-separated. */
  teams: string;
  measure: KeyResult['measure']['type'];
  start: string;
  target: string;
  unit: string;
  weighting: 'count' | 'estimate';
  inProgressCredit: string;
  weight: string;
}

export type EditTarget =
  | { kind: 'cycle'; id: string | null }
  | { kind: 'objective'; id: string | null; cycleId: string }
  | { kind: 'kr'; id: string | null; objectiveId: string };

export type EditForm = { kind: 'cycle'; form: CycleForm } | { kind: 'objective'; form: ObjectiveForm } | { kind: 'kr'; form: KrForm };

export const cycleToForm = (cycle: Cycle): CycleForm => ({ name: cycle.name, start: cycle.start, end: cycle.end, state: cycle.state });

export const objectiveToForm = (objective: Objective): ObjectiveForm => ({
  title: objective.title,
  description: objective.description ?? '',
  level: objective.level,
  team: objective.team ?? '',
  owner: objective.owner ?? '',
  commitment: objective.commitment,
  inherits: objective.alignment.inherits ?? '',
  supports: [...objective.alignment.supports],
});

export function krToForm(kr: KeyResult): KrForm {
  const measure = kr.measure;
  return {
    title: kr.title,
    owner: kr.owner ?? '',
    teams: (kr.teams ?? []).join(', '),
    measure: measure.type,
    start: measure.type === 'metric' ? String(measure.start) : '',
    target: measure.type === 'metric' ? String(measure.target) : '',
    unit: measure.type === 'metric' ? (measure.unit ?? '') : '',
    weighting: measure.type === 'issues' ? measure.weighting : 'count',
    inProgressCredit: measure.type === 'issues' ? String(measure.inProgressCredit) : '0',
    weight: kr.weight === undefined ? '' : String(kr.weight),
  };
}

export function newCycleForm(today: string): CycleForm {
  return { name: '', start: today, end: today, state: 'planning' };
}

export function newObjectiveForm(): ObjectiveForm {
  return { title: '', description: '', level: 'team', team: '', owner: '', commitment: 'committed', inherits: '', supports: [] };
}

export function newKrForm(): KrForm {
  return {
    title: '',
    owner: '',
    teams: '',
    measure: 'metric',
    start: '',
    target: '',
    unit: '',
    weighting: 'count',
    inProgressCredit: '0',
    weight: '',
  };
}

/** A new id from a title: `kr-cut-checkout-time-mf3k2`, valid, and not in the set. */
export function newId(set: Pick<OkrSet, 'cycles' | 'objectives' | 'keyResults'>, prefix: string, title: string, now: number): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '') // accents off: Ü → U
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  const used = new Set([...set.cycles, ...set.objectives, ...set.keyResults].map((item) => item.id));
  const base = `${prefix}-${slug ? `${slug}-` : ''}${now.toString(36)}`;
  let id = base;
  for (let n = 2; used.has(id) || !idSchema.safeParse(id).success; n++) id = `${base}-${n}`;
  return id;
}

const text = (value: string) => value.trim();
const optional = (key: string, value: string) => (value.trim() === '' ? {} : { [key]: value.trim() });
/** A number as typed: undefined when blank (the schema says "required"), NaN when it is not one. */
const numberOf = (value: string) => (value.trim() === '' ? undefined : Number(value.trim().replace(',', '.')));
/** zod's words for NaN are for programmers. */
const plainMessage = (message: string) => (/received NaN/.test(message) ? 'enter a number' : message);

function measureOf(form: KrForm): unknown {
  switch (form.measure) {
    case 'issues':
      return { type: 'issues', weighting: form.weighting, inProgressCredit: numberOf(form.inProgressCredit || '0') };
    case 'metric':
      return { type: 'metric', start: numberOf(form.start), target: numberOf(form.target), ...optional('unit', form.unit) };
    case 'milestone':
      return { type: 'milestone' };
  }
}

/** The set with the edited item in it (replacing the one with its id, or appended): unvalidated. */
export function applyEdit(set: OkrSet, target: EditTarget, id: string, edit: EditForm): OkrSetInput {
  if (edit.kind === 'cycle' && target.kind === 'cycle') {
    const previous = set.cycles.find((cycle) => cycle.id === id);
    const cycle = {
      ...(previous ?? {}),
      id,
      name: text(edit.form.name),
      start: edit.form.start,
      end: edit.form.end,
      state: edit.form.state,
    } as Cycle;
    return { ...set, cycles: previous ? set.cycles.map((c) => (c.id === id ? cycle : c)) : [...set.cycles, cycle] };
  }
  if (edit.kind === 'objective' && target.kind === 'objective') {
    const previous = set.objectives.find((objective) => objective.id === id);
    const form = edit.form;
    const objective = {
      id,
      cycleId: previous?.cycleId ?? target.cycleId,
      title: text(form.title),
      ...optional('description', form.description),
      level: form.level,
      ...optional('owner', form.owner),
      ...optional('team', form.team),
      commitment: form.commitment,
      ...(previous?.theme ? { theme: previous.theme } : {}),
      alignment: { ...(form.inherits ? { inherits: form.inherits } : {}), supports: form.supports },
    } as Objective;
    return { ...set, objectives: previous ? set.objectives.map((o) => (o.id === id ? objective : o)) : [...set.objectives, objective] };
  }
  if (edit.kind === 'kr' && target.kind === 'kr') {
    const previous = set.keyResults.find((kr) => kr.id === id);
    const form = edit.form;
    const teams = form.teams
      .split(',')
      .map((team) => team.trim())
      .filter((team) => team !== '');
    const kr = {
      id,
      objectiveId: previous?.objectiveId ?? target.objectiveId,
      title: text(form.title),
      ...optional('owner', form.owner),
      ...(teams.length > 0 ? { teams } : {}),
      measure: measureOf(form),
      ...(form.weight.trim() === '' ? {} : { weight: numberOf(form.weight) }),
      // The link URL is frozen: an edit keeps it, a new KR gets one when saved.
      ...(previous ? { url: previous.url } : {}),
    } as KeyResult;
    return { ...set, keyResults: previous ? set.keyResults.map((k) => (k.id === id ? kr : k)) : [...set.keyResults, kr] };
  }
  return set;
}

export interface EditCheck {
  /** Schema and reference errors about the edited item, with the field they concern (`title`, `measure.target`). */
  errors: Array<{ field: string; message: string }>;
  /** Errors elsewhere that the edit causes or that block saving. */
  otherErrors: string[];
  /** Playbook findings about the edited item (or its cycle/team), as the lint would report them. */
  findings: Finding[];
}

const COLLECTION: Record<EditTarget['kind'], 'cycles' | 'objectives' | 'keyResults'> = {
  cycle: 'cycles',
  objective: 'objectives',
  kr: 'keyResults',
};

/** What is wrong with the edited set, split into the item's own fields and the rest, plus its lint findings. */
export function checkEdit(draft: OkrSetInput, target: EditTarget, id: string, today: string): EditCheck {
  const collection = COLLECTION[target.kind];
  const index = (draft[collection] as Array<{ id: string }>).findIndex((item) => item.id === id);
  const prefix = `${collection}[${index}]`;
  const parsed = parseOkrSet(draft);
  const errors: EditCheck['errors'] = [];
  const otherErrors: string[] = [];
  if (!parsed.ok) {
    for (const error of parsed.errors as ValidationError[]) {
      if (error.path === prefix || error.path.startsWith(`${prefix}.`) || error.path.startsWith(`${prefix}[`)) {
        errors.push({ field: error.path.slice(prefix.length).replace(/^\./, ''), message: plainMessage(error.message) });
      } else {
        otherErrors.push(error.path === '' ? error.message : `${error.path}: ${plainMessage(error.message)}`);
      }
    }
  }
  return {
    errors,
    otherErrors,
    findings: target.kind === 'cycle' ? [] : lintDraft(parsed.ok ? (parsed.set as OkrSet) : (draft as OkrSet), target, id, today),
  };
}

/**
 * The playbook's findings about the edited item. A draft with a field still invalid (a target not
 * typed yet) is linted as it is: the lint reads titles, owners and counts, which are there, and
 * the advice is most useful while the user is still typing.
 */
function lintDraft(set: OkrSet, target: EditTarget, id: string, today: string): Finding[] {
  try {
    return lintOkrSet(set, { today, playbook: resolvePlaybook(set.playbook), cycleId: cycleOf(set, target, id) }).filter(
      (finding) => finding.target.id === id,
    );
  } catch {
    return []; // a draft too broken to lint: its field errors say what to fix first
  }
}

function cycleOf(set: OkrSet, target: EditTarget, id: string): string | undefined {
  if (target.kind === 'objective') return set.objectives.find((o) => o.id === id)?.cycleId;
  if (target.kind === 'kr') {
    const kr = set.keyResults.find((k) => k.id === id);
    return set.objectives.find((o) => o.id === kr?.objectiveId)?.cycleId;
  }
  return id;
}

// ---------------------------------------------------------------------------------------------
// Deleting.

export type Removal = { ok: true; set: OkrSet; summary: string } | { ok: false; message: string };

const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;

/** Who points at these objectives or KRs from outside them: the sentence that refuses a delete. */
function blockers(set: OkrSet, objectiveIds: ReadonlySet<string>, krIds: ReadonlySet<string>): string | null {
  for (const other of set.objectives) {
    if (objectiveIds.has(other.id)) continue;
    const inherited = other.alignment.inherits;
    if (inherited && krIds.has(inherited)) return `“${other.title}” inherits it; change that objective’s alignment first.`;
    const supported = other.alignment.supports.find((target) => krIds.has(target) || objectiveIds.has(target));
    if (supported) return `“${other.title}” supports it; change that objective’s alignment first.`;
  }
  return null;
}

export function removeKr(set: OkrSet, krId: string): Removal {
  const kr = set.keyResults.find((candidate) => candidate.id === krId);
  if (!kr) return { ok: false, message: 'That key result is gone already.' };
  const blocked = blockers(set, new Set(), new Set([krId]));
  if (blocked) return { ok: false, message: `“${kr.title}” cannot be deleted: ${blocked}` };
  const checkIns = set.checkIns.filter((checkIn) => checkIn.krId === krId).length;
  return {
    ok: true,
    set: { ...set, keyResults: set.keyResults.filter((k) => k.id !== krId), checkIns: set.checkIns.filter((c) => c.krId !== krId) },
    summary: `Deleted “${kr.title}”${checkIns > 0 ? ` and its ${plural(checkIns, 'check-in')}` : ''}.`,
  };
}

export function removeObjective(set: OkrSet, objectiveId: string): Removal {
  const objective = set.objectives.find((candidate) => candidate.id === objectiveId);
  if (!objective) return { ok: false, message: 'That objective is gone already.' };
  const krIds = new Set(set.keyResults.filter((kr) => kr.objectiveId === objectiveId).map((kr) => kr.id));
  const blocked = blockers(set, new Set([objectiveId]), krIds);
  if (blocked) return { ok: false, message: `“${objective.title}” cannot be deleted: ${blocked}` };
  const checkIns = set.checkIns.filter((checkIn) => krIds.has(checkIn.krId)).length;
  return {
    ok: true,
    set: {
      ...set,
      objectives: set.objectives.filter((o) => o.id !== objectiveId),
      keyResults: set.keyResults.filter((kr) => !krIds.has(kr.id)),
      checkIns: set.checkIns.filter((checkIn) => !krIds.has(checkIn.krId)),
    },
    summary: `Deleted “${objective.title}”${krIds.size > 0 ? ` with its ${plural(krIds.size, 'key result')}` : ''}${checkIns > 0 ? ` and ${plural(checkIns, 'check-in')}` : ''}.`,
  };
}

export function removeCycle(set: OkrSet, cycleId: string): Removal {
  const cycle = set.cycles.find((candidate) => candidate.id === cycleId);
  if (!cycle) return { ok: false, message: 'That cycle is gone already.' };
  const objectives = set.objectives.filter((objective) => objective.cycleId === cycleId).length;
  if (objectives > 0)
    return { ok: false, message: `“${cycle.name}” still has ${plural(objectives, 'objective')}; delete or move them first.` };
  return { ok: true, set: { ...set, cycles: set.cycles.filter((c) => c.id !== cycleId) }, summary: `Deleted the cycle “${cycle.name}”.` };
}
