// Limits the server enforces (see openapi.yml), spelled once for the web app so
// forms can stop a mistake before anything is sent.
export const TITLE_MAX_LENGTH = 200;
export const DESCRIPTION_MAX_LENGTH = 20000;
export const COMMENT_MAX_LENGTH = 10000;
export const PAGE_SIZE = 20;
export const IMAGE_MAX_BYTES = 5 * 1024 * 1024;
