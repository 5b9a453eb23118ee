export { pagesRouter, DEFAULT_WEB_DIR, type PagesOptions } from './router';
export { intakeLink, renderQr, type QrFormat } from './qrCodes';
