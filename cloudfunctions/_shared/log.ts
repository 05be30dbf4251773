/** Named, structured log events (one JSON line each). Never log phone numbers or secrets. */
export function logEvent(event: string, fields: Record<string, unknown> = {}): void {
  console.log(JSON.stringify({ event, ...fields }));
}
