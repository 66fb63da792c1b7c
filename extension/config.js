// @ts-check
// Set at build time: `CONTAKT_TELEMETRY_URL=… contakt-pack dist` writes this file and the
// manifest's optional host permission for that address (tests point it at a local server).
// Nothing is ever sent there unless the user turns on "Help improve Contakt".

/** Where "Help improve Contakt" posts its batches of anonymous events. */
export const TELEMETRY_URL = 'https://telemetry.contakt.app/v1/events';
