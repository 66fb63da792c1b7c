// The message protocol between Contakt's pages, its content script, the browser's events
// and the core: one type for every request the core answers (contakt_core::app::Request),
// the envelope every answer comes in, and the words (message codes). tests/tidy.rs checks
// that the request types here are exactly the core's. Fields are snake_case, as stored.

/** A message for people: a key of _locales/<lang>/messages.json with its arguments. */
export interface Msg { key: string; args?: Arg[]; count?: number }
export type Arg = string | Msg | { time: number };

/** Every answer: a value, or a refusal with a stable code, the field it concerns and what to say. */
export type Envelope<T = any> =
  | { ok: true; value: T }
  | { ok: false; code: string; field?: string; msg: Msg; message?: string };

export type Request =
  // From Contakt's pages.
  | { type: 'state' }
  | { type: 'view' }
  | { type: 'takePending' }
  | { type: 'takePageSave' }
  | { type: 'saveSettings'; settings: Record<string, unknown> }
  | { type: 'setDetection'; enabled?: boolean; host?: string; exclude?: boolean }
  | { type: 'send'; number: string; platform: string; text?: string; contact_id?: string | null; template?: string | null }
  | { type: 'resend'; id: string }
  | { type: 'clearHistory' }
  | { type: 'deleteHistory'; id: string }
  | { type: 'history'; query?: string }
  | { type: 'trouble'; id: string }
  | { type: 'campaigns' }
  | { type: 'campaign'; id: string; offset?: number | null }
  | { type: 'campaignPreview'; draft: CampaignDraft; offset?: number }
  | { type: 'saveCampaign'; draft: CampaignDraft }
  | { type: 'campaignOpen'; id: string; index?: number }
  | { type: 'campaignMark'; id: string; index: number; status: 'sent' | 'skipped' | 'failed' | 'pending'; reason?: string }
  | { type: 'campaignPause'; id: string; paused: boolean; later?: number | null }
  | { type: 'deleteCampaign'; id: string }
  | { type: 'nextRound'; id: string; name?: string }
  | { type: 'exportCampaign'; id: string }
  | { type: 'optOut'; numbers: string; remove?: boolean }
  | { type: 'counters' }
  | { type: 'setTelemetry'; on: boolean }
  | { type: 'resetUsage' }
  | { type: 'eraseEverything' }
  | { type: 'contacts' }
  | { type: 'saveContact'; contact: Record<string, unknown> }
  | { type: 'saveContactForm'; form: Record<string, string | number | boolean | null> }
  | { type: 'deleteContact'; id: string; reminders?: 'delete' | 'keep' }
  | { type: 'mergeContacts'; ids: string[] }
  | { type: 'tags' }
  | { type: 'tagChange'; change: { op: 'create' | 'rename' | 'delete' | 'colour'; name: string; to?: string; colour?: string } }
  | { type: 'templates' }
  | { type: 'saveTemplate'; template: { id?: string; title: string; body: string } }
  | { type: 'deleteTemplate'; id: string }
  | { type: 'reminders' }
  | { type: 'saveReminder'; draft: Record<string, unknown> }
  | { type: 'updateReminder'; id: string; action: 'done' | 'cancel' | 'snooze'; minutes?: number }
  | { type: 'openReminder'; id: string }
  | { type: 'importContacts'; people: unknown[]; kind: 'vcard' | 'csv'; choice: string; overrides?: [number, string][]; ticket?: string }
  | { type: 'backup' }
  | { type: 'restoreBackup'; file: string; mode: 'replace' | 'merge'; ticket?: string }
  | { type: 'cancel'; ticket: string }
  | { type: 'wantDetection'; wanted: boolean }
  | { type: 'refreshView' }
  // From the content script (the worker sets `host` to the sender's).
  | { type: 'pageConfig'; host?: string }
  | { type: 'findInPage'; host?: string; texts: string[] }
  | { type: 'messageNumber'; e164: string; platform?: string }
  | { type: 'saveNumber'; e164: string; host?: string }
  // The browser's events, turned into requests by the worker.
  | { type: 'started' }
  | { type: 'installed'; reason: string }
  | { type: 'accessChanged'; pages: boolean }
  | { type: 'alarm'; name: string }
  | { type: 'menuClick'; menu_item_id: string; selection_text?: string | null; link_url?: string | null }
  | { type: 'command'; command: string; selection?: string | null }
  | { type: 'notificationButton'; id: string; index: number }
  | { type: 'notificationClick'; id: string }
  | { type: 'telemetrySent'; through: number; status: number };

/** A campaign as the user is writing it (contakt_core::app::campaigns::Draft). */
export interface CampaignDraft {
  name?: string; platform: string; body?: string; template?: string | null; date?: string;
  source: { kind: 'tag'; tag: string } | { kind: 'contacts'; ids: string[] } | { kind: 'file'; people: unknown[] } | { kind: 'none' };
  /** The keys of left-out preview rows the user includes. */
  include?: string[];
}

export type RequestType = Request['type'];
/** A request's fields without its type. */
export type Payload<K extends RequestType> = Omit<Extract<Request, { type: K }>, 'type'>;

/** What the core answers the worker: the reply, the storage writes and the effects. */
export interface Outcome {
  reply: Envelope;
  writes: {
    local_set?: Record<string, unknown>; local_remove?: string[];
    sync_set?: Record<string, unknown>; sync_remove?: string[];
    session_set?: Record<string, unknown>; session_remove?: string[];
  };
  effects: Effect[];
}

export type Effect =
  | { type: 'open_tab'; url: string }
  | { type: 'notify'; id: string; title: Msg; message: Msg; buttons: Msg[] }
  | { type: 'clear_notification'; id: string }
  | { type: 'alarms'; prefix: string; alarms: [string, number][] }
  | { type: 'badge'; text: string; colour: string }
  | { type: 'open_popup'; otherwise: Effect }
  | { type: 'menus'; items: { id: string; parent_id?: string; title: Msg; contexts: string[]; target_url_patterns: string[] }[] }
  | { type: 'detection'; on: boolean; release?: boolean }
  | { type: 'send_telemetry'; count: number; through: number; batch: unknown }
  | { type: 'telemetry_access'; release: boolean }
  | { type: 'clipboard_access'; release: boolean };

/** Which stored keys a request reads, per area, and who may send it. */
export interface Needs {
  origin: 'extension' | 'page' | 'browser';
  /** It may write: such requests run one at a time. */
  writes: boolean;
  /** Effects before writes: the chat opens even if recording it fails. */
  effects_first: boolean;
  local: string[] | 'all';
  sync: string[] | 'all';
  session: string[] | 'all';
}
