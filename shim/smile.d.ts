// Type declarations for the Smile Wink shim (smile.v2.js / smile.v1.js): the whole public contract.
// Loading the script defines the global `SmileLinkModal`.

/**
 * Why the widget closed: `"close"` the close icon, Escape or `close()` (and `destroy()` while open); `"exit"` DONE on
 * the success screen; `"error"` Exit on the error screen, a failure the widget could not recover from, or the
 * widget page not loading.
 */
/**
 * Why the widget closed: the close icon, Escape or `close()` (`close`), DONE (`exit`), Exit on the error screen
 * (`error`), or the survey of a user whose employer is not listed while uploads are off (`employer_not_listed`).
 */
export type SmileCloseReason = 'close' | 'exit' | 'error' | 'employer_not_listed';

/**
 * `errorCode` of an `onClose` with reason `"error"`: `WIDGET_LOAD_FAILED` when the widget page did not load or
 * could not start (a 404, a network error, no `ready` within 10 s, or no WebAssembly in the browser; the shim
 * shows a short message with a Close button meanwhile, and fires this when the user closes it), an
 * account error code when the account ended in `ERROR`, the link API's code for a failed call (e.g.
 * `SERVER_ERROR`), or one of the widget's own. Open to codes added later.
 */
export type SmileCloseErrorCode =
  | 'WIDGET_LOAD_FAILED'
  | 'NETWORK_ERROR'
  | 'MALFORMED_RESPONSE'
  | 'TOKEN_EXPIRED'
  | 'INVALID_OPTIONS'
  | 'UNSUPPORTED_PROVIDER'
  | SmileAccountErrorCode
  | 'INVALID_PARAMETERS'
  | 'INVALID_TOKEN'
  | 'UNAUTHORIZED_ACCESS'
  | 'MISSING_RESOURCE'
  | 'UNSUPPORTED_TYPE'
  | 'REQUEST_LIMIT_EXCEEDED'
  | 'SERVER_ERROR'
  | 'SERVER_UNAVAILABLE'
  | (string & {});

/** Payload of `onClose`, fired exactly once per `open()`. */
export interface SmileCloseEvent {
  reason: SmileCloseReason;
  /** The `eventName` of the last `onUIEvent` during this `open()`: the screen the user left from. `null` if none showed. */
  lastScreen: SmileUIEventName | null;
  /** Present when the widget closed on a failure it can name. */
  errorCode?: SmileCloseErrorCode;
  /** A short English description of that failure, for your logs (not for end users). */
  errorMessage?: string;
  /** The link API's `requestId` of the failed call, when there was one: quote it to support. */
  requestId?: string;
  /** With reason `employer_not_listed`: the employer's name the user gave. */
  employerName?: string;
}

/** Why an account ended in `ERROR`. */
export type SmileAccountErrorCode =
  | 'ACCOUNT_DISABLED'
  | 'ACCOUNT_INACCESSIBLE'
  | 'ACCOUNT_INCOMPLETE'
  | 'ACCOUNT_LOCKED'
  | 'AUTH_REQUIRED'
  | 'EXPIRED_CREDENTIALS'
  | 'INVALID_ACCOUNT_TYPE'
  | 'INVALID_AUTH'
  | 'INVALID_CREDENTIALS'
  | 'INVALID_MFA'
  | 'MFA_TIMEOUT'
  | 'SERVICE_UNAVAILABLE'
  | 'SYSTEM_ERROR'
  | 'TOS_REQUIRED'
  | 'UNSUPPORTED_AUTH_TYPE'
  | 'UNSUPPORTED_MFA_METHOD';

/** Payload of `onAccountCreated`, `onAccountConnected` and `onAccountRemoved`. */
export interface SmileAccountEvent {
  accountId: string;
  userId: string;
  providerId: string;
}

/** Payload of `onAccountError`. */
export interface SmileAccountErrorEvent extends SmileAccountEvent {
  errorCode: SmileAccountErrorCode;
}

/** A raw file inside an uploaded archive. */
export interface SmileRawFile {
  id: string;
  createdAt: string;
  name: string;
  subType: string | null;
  size: number;
  format: 'PDF' | 'PNG' | 'JPG' | 'JPEG';
  /** Where the file can be fetched again with the user's token, whatever its analysis status. */
  url?: string;
}

/** An uploaded set of documents. */
export interface SmileArchive {
  id: string;
  createdAt: string;
  providerId: 'user-provided';
  userId: string;
  type: string;
  state: {
    status: 'STARTED' | 'ANALYZED' | 'UNSUPPORTED' | 'ERROR' | 'REVOKED';
    errorCode: string | null;
    errorMessage: string | null;
    updatedAt: string;
  };
  rawFiles: SmileRawFile[];
  /** The employer's name the user gave in the survey, or chose from the documents-only employers. */
  employerName?: string | null;
}

/** Payload of `onUploadsCreated` and `onUploadsRemoved`. */
export interface SmileUploadsEvent {
  uploads: SmileArchive[];
  userId: string;
}

/** Screen names of `onUIEvent`. The widget may add names for screens the documents do not list (e.g. an error screen); it never renames these. */
export type SmileUIEventName =
  | 'ConsentPageOpened'
  | 'ProviderListPageOpened'
  | 'LoginOptionsPageOpened'
  | 'LoginPageOpened'
  | 'MfaPageOpened'
  | 'ConnectSuccessPageOpened'
  | 'AccountRevokePageOpened'
  | 'EmployerSurveyPageOpened'
  | 'FileTypeListPageOpened'
  | 'FileTypePageOpened'
  | 'ArchiveSuccessPageOpened'
  | 'RevokeArchivePageOpened'
  | (string & {});

/** Payload of `onUIEvent`, fired each time a screen shows. */
export interface SmileUIEvent {
  eventName: SmileUIEventName;
  /** ISO-8601 UTC, e.g. `2026-01-02T03:04:05Z`. */
  eventTime: string;
  mode: 'SANDBOX' | 'PRODUCTION';
  userId: string;
  /**
   * Set on login, MFA, success and revoke screens: `{providerId, accountId: null}` before an account exists, then
   * the link API's account (`id`, `accountId`, `providerId`, `userId`, `createdAt`, `connectionStatus`, `connection`).
   */
  account: ({ providerId: string; accountId: string | null } & Partial<SmileAccountObject>) | null;
  /** `{fileType}` on the upload screen; the archive (with `fileType`) on the upload success and remove screens. */
  archive: ({ fileType: string } & Partial<SmileArchive>) | null;
  /** On `ErrorPageOpened`: what went wrong. */
  errorCode?: string;
  errorMessage?: string | null;
  requestId?: string | null;
}

/** An account as the link API returns it (never with credentials). */
export interface SmileAccountObject {
  id: string;
  accountId: string;
  providerId: string;
  userId: string;
  createdAt: string;
  connectionStatus: 'PENDING' | 'AWAITING_MFA' | 'CONNECTED' | 'ERROR' | 'DISCONNECTED';
  connection: { status: string; errorCode: SmileAccountErrorCode | null; errorMessage: string | null; updatedAt: string };
}

/**
 * Hands the widget a fresh token; it retries and resumes on the screen the user was on. Throws a `TypeError`
 * unless `token` is a non-empty string.
 */
export type SmileUpdateToken = (token: string) => void;

/** Light or dark widget, or following the user's system setting. */
export type SmileColorScheme = 'light' | 'dark' | 'auto';

/** Theme overriding the template's. A primary colour that would fail contrast is adjusted, with a console warning. */
export interface SmileTheme {
  /** A CSS colour, e.g. `#0a7d5a`. */
  primaryColor?: string;
  colorScheme?: SmileColorScheme;
}

/** A link token minted by your server (`POST /users` or `POST /tokens` on the Open API). */
export type SmileUserToken = string;
/** A Wink template id, `wtpl-…`. */
export type SmileTemplateId = string;
/** A provider id, e.g. `upwork`, `grab`, `sss_ph`. */
export type SmileProviderId = string;
/** A BCP-47 language tag, e.g. `en`, `fil-PH`. */
export type SmileLocale = string;

/**
 * What the widget shows. Each option left out (or `null`) is the template's, else the default given here: the
 * widget page applies option, then template, then default.
 */
export interface SmileOptions {
  /** Required. */
  userToken: SmileUserToken;
  /** Link API base URL. Default: by the token's mode, `https://link-sandbox.smileapi.io/v1` or `https://link.smileapi.io/v1`. */
  apiHost?: string;
  /** Template: primary colour, company name, data sources. */
  templateId?: SmileTemplateId;
  /** Pinned to the top of the provider list, in this order; at most 10 (more: a warning, the first 10 used). */
  topProviders?: SmileProviderId[];
  /** Only these providers (default all); exactly one skips the list and opens that provider's login. */
  providers?: SmileProviderId[];
  /** Show the provider search bar. Default `true`. */
  enableSearchBar?: boolean;
  /** Show the provider type filter bar. Default `true`. */
  enableTypeBar?: boolean;
  /** Offer document upload. Default `false`. */
  enableUpload?: boolean;
  /** Shown on the consent and login screens. Default: the template's. */
  companyName?: string;
  /** With exactly one provider, `false` skips the consent screen. Default `true`. */
  enableConsentPage?: boolean;
  /** Default: the browser's language. */
  locale?: SmileLocale;
  /** Render inline inside this element (or the element a CSS selector matches) instead of as a modal. */
  container?: Element | string;
  theme?: SmileTheme;
}

/** What the widget tells your page. All optional; one that throws is reported on the console and breaks nothing. */
export interface SmileCallbacks {
  /** The widget is ready to show its first screen. */
  onLoad?: () => void;
  /** Credentials accepted; the account exists and is `PENDING`. */
  onAccountCreated?: (event: SmileAccountEvent) => void;
  /** The account reached `CONNECTED`; the success screen shows. */
  onAccountConnected?: (event: SmileAccountEvent) => void;
  /** The user disconnected an account inside the widget. */
  onAccountRemoved?: (event: SmileAccountEvent) => void;
  /** The account reached `ERROR`. */
  onAccountError?: (event: SmileAccountErrorEvent) => void;
  /** Documents uploaded. */
  onUploadsCreated?: (event: SmileUploadsEvent) => void;
  /** The user removed uploaded documents. */
  onUploadsRemoved?: (event: SmileUploadsEvent) => void;
  /**
   * The link API rejected the token. Mint a new one server-side and pass it to `updateToken`; the widget waits
   * about 10 s, then shows that the session expired (a later `updateToken` still resumes). A handler without a
   * parameter (v2 style) type-checks too. Without this option the widget says at once that the session expired.
   */
  onTokenExpired?: (updateToken: SmileUpdateToken) => void;
  /** Fires exactly once per `open()`, however the widget closed. */
  onClose?: (event: SmileCloseEvent) => void;
  /** Every screen shown, in order. */
  onUIEvent?: (event: SmileUIEvent) => void;
}

/** Constructor options. Unknown options are ignored with a console warning; wrong types throw a `TypeError`. */
export interface SmileLinkModalOptions extends SmileOptions, SmileCallbacks {}

/**
 * The Smile Wink widget handle. Constructing it preloads the widget (hidden), so `open()` shows the first screen at once.
 * A new instance per launch is fine: an older one that is closed gives its preloaded widget up, and loads it again
 * if it is opened again.
 *
 * @example
 * const modal = new SmileLinkModal({ userToken, onClose: ({ reason, lastScreen }) => console.log(reason, lastScreen) });
 * modal.open();
 */
export declare class SmileLinkModal {
  constructor(options: SmileLinkModalOptions);
  /** Shows the widget. Does nothing while it is already open; warns after `destroy()`. */
  open(): void;
  /** Closes the widget if it is open, firing `onClose({reason: "close"})`. */
  close(): void;
  /** Closes if open, then removes every node and listener the shim added. Safe to call again. */
  destroy(): void;
}

declare global {
  interface Window {
    SmileLinkModal: typeof SmileLinkModal;
  }
  // The global the script tag defines.
  var SmileLinkModal: typeof import('./smile').SmileLinkModal;
}
