/**
 * Who the console offers to act as in the H5 build. The emulator knows nothing of an app's
 * roles: the app hands in a `PersonaSource` that reads them from the data (its members, its
 * staff) and names the page each one opens, plus links such as "a new visitor scans this
 * store's code". Without one, the console offers a brand-new visitor only.
 */
export type Persona = {
  label: string;
  /** the WeChat openid the H5 calls carry; '' is a new visitor (a fresh openid each time) */
  openid: string;
  /** the H5 route the console opens, e.g. `#/pages/card/index`; the app's home page when omitted */
  page?: string;
  /** free-form, for the app's own use (e.g. 'member', 'clerk') */
  role?: string;
  storeId?: string;
};

/** A page a persona opens from a chip in the console (e.g. a store's checkout code). */
export type PersonaLink = { label: string; openid: string; page: string };

/** Direct reads of the emulated database, as `startEmulator(...).database.find` offers them. */
export type DataReader = {
  find(
    collection: string,
    query: Record<string, unknown>,
    opts: { limit: number; skip?: number },
  ): Record<string, unknown>[];
};

export type PersonaSource = (data: DataReader) => { personas: Persona[]; links?: PersonaLink[] };

const NEW_VISITOR: Persona = { label: '新访客', openid: '' };

export function listPersonas(
  data: DataReader,
  source?: PersonaSource,
): { personas: Persona[]; links: PersonaLink[] } {
  if (!source) return { personas: [NEW_VISITOR], links: [] };
  const { personas, links = [] } = source(data);
  return { personas, links };
}
