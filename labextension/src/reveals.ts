/**
 * Reveals (`%privguard reveal`): the raw view lives here, in memory, never in the notebook.
 *
 * The kernel's output for a reveal is the redacted view plus `REVEAL_MIME` (`{ id }`, no value):
 * that is all a save can write. The raw view arrives over the guard's comm (`reveal`), which
 * JupyterLab never writes into the notebook, and is kept in `RevealStore` (`revealstore.ts`) until the kernel ends
 * the reveal (`reveal_end`: the next cell, `reveal_seconds`, unload). `RevealRenderer`, ranked
 * before HTML and the report renderer, draws the raw view in place of the output while the store
 * has it, and the redacted view otherwise (after a reload, in a copy of the notebook).
 */

import { IRenderMime } from '@jupyterlab/rendermime-interfaces';
import { MimeModel, RenderedHTML, RenderedText } from '@jupyterlab/rendermime';
import { Widget } from '@lumino/widgets';

import { REVEAL_MIME } from './protocol';
import { RevealStore, reveals, revealId } from './revealstore';

export class RevealRenderer extends Widget implements IRenderMime.IRenderer {
  constructor(options: IRenderMime.IRendererOptions, store: RevealStore) {
    super();
    this._options = options;
    this._store = store;
    this.addClass('jp-PrivGuard-rendered');
    this._stop = store.listen(id => this._onChanged(id));
  }

  async renderModel(model: IRenderMime.IMimeModel): Promise<void> {
    this._model = model;
    this._id = revealId(model.data[REVEAL_MIME]);
    const view = this._id ? this._store.get(this._id) : undefined;
    // the raw view while the reveal lasts, else the output's own (redacted) view
    const source: IRenderMime.IMimeModel = view ? new MimeModel({ data: view.data, trusted: model.trusted }) : model;
    const data = source.data;
    const inner =
      data['text/html'] !== undefined
        ? new RenderedHTML({ ...this._options, mimeType: 'text/html' })
        : data['text/plain'] !== undefined
          ? new RenderedText({ ...this._options, mimeType: 'text/plain' })
          : null;
    this._inner?.dispose();
    this._inner = inner;
    this.node.textContent = '';
    this.node.classList.toggle('jp-PrivGuard-revealLive', view !== undefined);
    if (inner) {
      await inner.renderModel(source);
      this.node.appendChild(inner.node);
    }
  }

  dispose(): void {
    this._stop();
    this._inner?.dispose();
    super.dispose();
  }

  private _onChanged(id: string): void {
    if (id === this._id && this._model && !this.isDisposed) {
      void this.renderModel(this._model);
    }
  }

  private _options: IRenderMime.IRendererOptions;
  private _store: RevealStore;
  private _model: IRenderMime.IMimeModel | null = null;
  private _id: string | null = null;
  private _inner: Widget | null = null;
  private _stop: () => void;
}

/** The factory; rank 30 puts it before the report renderer (40) and HTML (50). */
export function revealRendererFactory(store: RevealStore = reveals): IRenderMime.IRendererFactory {
  return {
    safe: true,
    mimeTypes: [REVEAL_MIME],
    defaultRank: 30,
    createRenderer: options => new RevealRenderer(options, store)
  };
}
