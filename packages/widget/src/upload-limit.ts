/**
 * The largest file the server takes by default: UPLOAD_MAX_BYTES_DEFAULT in @parley/contract, copied here
 * because importing the contract would bundle zod into widget.js. A server that sets UPLOAD_MAX_BYTES says
 * so in GET /api/visitor/availability (`uploadMaxBytes`), which the widget asks before it needs the limit.
 */
export const UPLOAD_MAX_BYTES = 25 * 1024 * 1024;

const mb = (bytes: number) => `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;

/**
 * The server's own sentence for a file over the limit (fileTooLargeMessage in the contract, copied for the
 * same reason; a test keeps the two equal): a file refused here before it is sent reads exactly as one the
 * server refused.
 */
export const fileTooLargeMessage = (limitBytes: number) =>
  `The file is larger than the limit of ${mb(limitBytes)}.`;
