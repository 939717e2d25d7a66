// When is the query in the search box finished? Then the core does not expand its last word as
// a prefix (`SearchRequest.complete`): a pasted error message or alert ends with a whole word.

/** True for an `input` event that pasted or dropped text, or left the query ending in a space. */
export function queryFinished(inputType: string, value: string): boolean {
  return inputType === 'insertFromPaste' || inputType === 'insertFromDrop' || /\s$/.test(value);
}
