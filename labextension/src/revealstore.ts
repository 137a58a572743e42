/**
 * The raw views of live reveals, in memory only (see `reveals.ts` for the whole design).
 *
 * Pure: imports nothing from JupyterLab, so Jest runs it.
 */

export interface IRevealView {
  label: string;
  data: { [mime: string]: string };
}

export type RevealListener = (id: string) => void;

/** The live raw views by reveal id; listeners hear which id came or went. */
export class RevealStore {
  put(id: string, view: IRevealView): void {
    this._views.set(id, view);
    this._notify(id);
  }

  end(id: string): void {
    if (this._views.delete(id)) {
      this._notify(id);
    }
  }

  get(id: string): IRevealView | undefined {
    return this._views.get(id);
  }

  get size(): number {
    return this._views.size;
  }

  /** Call `listener` with each id that comes or goes; returns the function that stops it. */
  listen(listener: RevealListener): () => void {
    this._listeners.add(listener);
    return () => void this._listeners.delete(listener);
  }

  private _notify(id: string): void {
    for (const listener of [...this._listeners]) {
      listener(id);
    }
  }

  private _views = new Map<string, IRevealView>();
  private _listeners = new Set<RevealListener>();
}

/** The one store of this page (every notebook's kernel guard feeds it; ids are unique). */
export const reveals = new RevealStore();

/** The reveal id an output's `REVEAL_MIME` payload names, or null. */
export function revealId(data: unknown): string | null {
  if (typeof data === 'object' && data !== null && typeof (data as { id?: unknown }).id === 'string') {
    return (data as { id: string }).id;
  }
  return null;
}
