/**
 * For the store contract suites (intake, audit): each test works in a store space of its own, and
 * opening the same space twice gives two instances on the same data (two processes on one file,
 * two replicas on one Redis). Registers the jest hooks: a fresh space before each test, every
 * store opened in it closed after, the implementation's clean-up at the end.
 */
export interface ContractSpaces<Store> {
  /** Opens a store on the current test's space (again: a second instance on the same data). */
  open(): Promise<Store>;
  /** The current test's space, for helpers that reach behind the store (tampering). */
  current(): string;
}

export function contractSpaces<Store extends { close(): Promise<void> }>(make: (space: string) => Promise<Store>, cleanup: () => Promise<void>): ContractSpaces<Store> {
  const opened: Store[] = [];
  let count = 0;
  let space = '';
  beforeEach(() => {
    space = `space${++count}`;
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((s) => s.close()));
  });
  afterAll(cleanup);
  return {
    async open() {
      const store = await make(space);
      opened.push(store);
      return store;
    },
    current: () => space,
  };
}
