/**
 * One notebook kernel's guard, as seen from JupyterLab: finds or waits for the kernel's
 * `jupyter_privguard` comm, keeps the latest state, and sends the sidebar's requests.
 *
 * Recovery: after a page reload the kernel still holds its comm, found with a
 * `comm_info_request` and re-attached by id; after a kernel restart there is none until the
 * guard is loaded again, when the kernel opens a new one towards us (our registered target).
 */

import { ISessionContext } from '@jupyterlab/apputils';
import { Kernel, KernelMessage } from '@jupyterlab/services';
import { IDisposable } from '@lumino/disposable';
import { ISignal, Signal } from '@lumino/signaling';

import { ConnectionStatus } from './format';
import { COMM_TARGET, IGuardState, IncomingMessage, parseMessage, requestState } from './protocol';
import { reveals } from './revealstore';

export class KernelGuard implements IDisposable {
  constructor(sessionContext: ISessionContext) {
    this._sessionContext = sessionContext;
    sessionContext.kernelChanged.connect(this._onKernelChanged, this);
    sessionContext.statusChanged.connect(this._onStatusChanged, this);
    sessionContext.connectionStatusChanged.connect(this._onConnectionStatus, this);
    this._setKernel(sessionContext.session?.kernel ?? null);
  }

  get changed(): ISignal<this, void> {
    return this._changed;
  }

  get status(): ConnectionStatus {
    return this._status;
  }

  get state(): IGuardState | null {
    return this._state;
  }

  /** The last error the kernel reported for one of our requests, or a protocol problem. */
  get lastError(): string | null {
    return this._lastError;
  }

  get sessionContext(): ISessionContext {
    return this._sessionContext;
  }

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  /** Send a request to the kernel; false when there is no comm (the guard is not loaded). */
  send(message: IncomingMessage): boolean {
    if (!this._comm || this._comm.isDisposed) {
      return false;
    }
    this._lastError = null;
    this._comm.send(message as any);
    return true;
  }

  /** Run `%load_ext jupyter_privguard` in the kernel, silently (no output, no history). */
  async loadGuard(): Promise<void> {
    const kernel = this._kernel;
    if (!kernel) {
      return;
    }
    const future = kernel.requestExecute({
      code: '%load_ext jupyter_privguard',
      silent: true,
      store_history: false
    });
    const reply = await future.done;
    if (reply.content.status !== 'ok') {
      const content = reply.content as KernelMessage.IReplyErrorContent;
      this._lastError = `loading the guard failed: ${content.ename ?? 'error'}`;
      this._emit();
    } else if (!this._comm) {
      // the guard was already loaded but its comm had been closed: look again
      await this.refresh();
    }
  }

  /** Look for the kernel's comm and attach to it (what a page reload needs). */
  async refresh(): Promise<void> {
    const kernel = this._kernel;
    if (!kernel || this._isDisposed) {
      this._setStatus(kernel ? 'not-loaded' : 'no-kernel');
      return;
    }
    if (this._comm && !this._comm.isDisposed) {
      this.send(requestState());
      return;
    }
    this._setStatus('connecting');
    let reply: KernelMessage.ICommInfoReplyMsg;
    try {
      reply = await kernel.requestCommInfo({ target_name: COMM_TARGET });
    } catch {
      // the kernel went away meanwhile; a later status change tries again
      if (kernel === this._kernel) {
        this._setStatus('not-loaded');
      }
      return;
    }
    if (kernel !== this._kernel || (this._comm && !this._comm.isDisposed)) {
      return;
    }
    const content = reply.content;
    const ids =
      content.status === 'ok'
        ? Object.keys(content.comms).filter(id => content.comms[id].target_name === COMM_TARGET)
        : [];
    if (!ids.length) {
      this._state = null;
      this._setStatus('not-loaded');
      return;
    }
    // the kernel sends every state to all its comms: one is enough; take the newest
    const commId = ids[ids.length - 1];
    let comm: Kernel.IComm;
    try {
      comm = kernel.createComm(COMM_TARGET, commId);
    } catch {
      // this connection already knows the comm (it was opened towards us meanwhile)
      return;
    }
    this._attach(comm);
    this.send(requestState());
  }

  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this._isDisposed = true;
    this._setKernel(null);
    Signal.clearData(this);
  }

  // -- kernel lifecycle ------------------------------------------------------------------------
  private _onKernelChanged(_: ISessionContext, change: { newValue: Kernel.IKernelConnection | null }): void {
    this._setKernel(change.newValue);
  }

  private _onStatusChanged(_: ISessionContext, status: Kernel.Status): void {
    if (status === 'restarting' || status === 'autorestarting' || status === 'dead') {
      // the kernel's comms are gone with it (the connection disposes its comm objects)
      this._detach();
      this._state = null;
      this._setStatus('not-loaded');
    }
  }

  private _onConnectionStatus(_: ISessionContext, status: Kernel.ConnectionStatus): void {
    if (status === 'connected') {
      void this.refresh();
    }
  }

  private _setKernel(kernel: Kernel.IKernelConnection | null): void {
    if (this._kernel === kernel) {
      return;
    }
    if (this._kernel && !this._kernel.isDisposed) {
      this._kernel.removeCommTarget(COMM_TARGET, this._onCommOpen);
    }
    this._detach();
    this._state = null;
    this._kernel = kernel;
    if (!kernel) {
      this._setStatus('no-kernel');
      return;
    }
    kernel.registerCommTarget(COMM_TARGET, this._onCommOpen);
    void this.refresh();
  }

  // -- the comm ----------------------------------------------------------------------------------
  /** The kernel opened a comm towards us: the guard was (re)loaded. */
  private _onCommOpen = (comm: Kernel.IComm, msg: KernelMessage.ICommOpenMsg): void => {
    if (this._isDisposed) {
      comm.close();
      return;
    }
    this._detach();
    this._attach(comm);
    this._handle(msg.content.data);
  };

  private _attach(comm: Kernel.IComm): void {
    this._comm = comm;
    comm.onMsg = msg => this._handle(msg.content.data);
    comm.onClose = msg => {
      if (this._comm === comm) {
        this._comm = null;
        this._state = null;
        this._handle(msg.content.data);
        this._setStatus('not-loaded');
      }
    };
  }

  private _detach(): void {
    const comm = this._comm;
    this._comm = null;
    if (comm && !comm.isDisposed) {
      // dispose the local end only: the kernel keeps its comm for the next page
      comm.dispose();
    }
  }

  private _handle(data: unknown): void {
    if (data === undefined || data === null || (typeof data === 'object' && !Object.keys(data).length)) {
      return;
    }
    const parsed = parseMessage(data);
    if (!parsed.ok) {
      this._lastError = parsed.reason;
      if (parsed.incompatible) {
        this._state = null;
        this._setStatus('incompatible');
      }
      this._emit();
      return;
    }
    const message = parsed.message;
    if (message.type === 'state') {
      this._state = message.state;
      this._status = 'connected';
      this._emit();
    } else if (message.type === 'error') {
      this._lastError = message.message;
      this._emit();
    } else if (message.type === 'unloaded') {
      this._state = null;
      this._setStatus('not-loaded');
    } else if (message.type === 'reveal') {
      // the raw view, for the live view only: kept in memory, drawn by the reveal renderer
      reveals.put(message.id, { label: message.label, data: message.data });
    } else if (message.type === 'reveal_end') {
      reveals.end(message.id);
    }
  }

  private _setStatus(status: ConnectionStatus): void {
    this._status = status;
    this._emit();
  }

  private _emit(): void {
    if (!this._isDisposed) {
      this._changed.emit();
    }
  }

  private _sessionContext: ISessionContext;
  private _kernel: Kernel.IKernelConnection | null = null;
  private _comm: Kernel.IComm | null = null;
  private _state: IGuardState | null = null;
  private _status: ConnectionStatus = 'no-kernel';
  private _lastError: string | null = null;
  private _isDisposed = false;
  private _changed = new Signal<this, void>(this);
}
