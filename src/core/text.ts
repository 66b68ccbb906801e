/**
 * C0 and C1 control characters, DEL, and the Unicode line and paragraph separators: text holding one can forge a
 * log line or a workflow command, so a configured value holding one is refused and a name holding one is not shown.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
export const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
