/**
 * The words the sidebar, the report renderer and the export dialog use: the same as the panel's,
 * the scan report's and the CLI's. The tables are copies of `jupyter_privguard/wording.py`;
 * `tests/core/test_ts_parity.py` checks that they agree, key by key.
 *
 * Pure: imports nothing from JupyterLab, so Jest runs it.
 */

/** A column's class as a table shows it. */
export const CLASS_LABELS: { [key: string]: string } = {
  direct: 'direct',
  quasi: 'quasi',
  sensitive: 'sensitive',
  free_text: 'free text',
  none: '-'
};

/** The same classes spelled out (tooltips). */
export const CLASS_TITLES: { [key: string]: string } = {
  direct: 'direct identifier',
  quasi: 'quasi-identifier',
  sensitive: 'sensitive attribute',
  free_text: 'free text (its personal data is redacted span by span)',
  none: 'no personal data found'
};

/** What an action did to a column's values in an output. */
export const ACTION_DONE: { [action: string]: string } = {
  keep: 'kept',
  mask: 'masked',
  redact: 'redacted',
  hash: 'hashed',
  pseudonymize: 'pseudonymized',
  generalize: 'generalized',
  drop: 'dropped',
  'redact spans': 'spans redacted'
};

/** The state of a column's values in an output, when it is not the policy's action. */
export const STATE_LABELS: { [state: string]: string } = {
  revealed: 'revealed',
  allowed: 'allowed'
};

/** The parts of a column the class depends on (a comm `IColumnState` or a report payload's column). */
export interface IClassed {
  category?: string | null;
  kind?: string | null;
  span_entities?: string[];
}

export function classKey(column: IClassed): string {
  const category = column.category ?? null;
  if (category === 'direct' || category === 'quasi' || category === 'sensitive') {
    return category;
  }
  return (column.span_entities ?? []).length ? 'free_text' : 'none';
}

export function classLabel(column: IClassed): string {
  return CLASS_LABELS[classKey(column)];
}

export function classTitle(column: IClassed): string {
  return CLASS_TITLES[classKey(column)];
}

/** The entity, `free text: A, B` for spans, else `-`. */
export function entityLabel(entity: string | null | undefined, spanEntities: string[] = []): string {
  if (entity) {
    return entity;
  }
  return spanEntities.length ? `free text: ${spanEntities.join(', ')}` : '-';
}

export function actionDone(action: string): string {
  return ACTION_DONE[action] ?? action;
}

/** `1 output`, `2 outputs`, `0 outputs`. */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}
