// The flow player's route: `#/flow/<session-id>` (DOM-free, unit-tested).

/** The session id of a `#/flow/<id>` hash, else null. */
export function parseFlowRoute(hash: string = location.hash): string | null {
  const m = /^#\/flow\/([^?/]+)/.exec(hash);
  if (!m || !m[1]) return null;
  try {
    return decodeURIComponent(m[1]);
  } catch {
    return null;
  }
}

export function flowHref(sessionId: string): string {
  return `#/flow/${encodeURIComponent(sessionId)}`;
}
