// Explorer: DPOR's access kinds of an event (`EventStore.evK`).

export const K_READ = 0;
export const K_WRITE = 1;
export const K_RMW = 2;
export const K_ACQ = 3;
export const K_REL = 4;
export const K_SLEEP = 5;
export const K_FREE = 6;
/** An rwlock's read acquire and read release (`Step.shared`): they commute with one another (`EventStore.readers`). */
export const K_RDACQ = 7;
export const K_RDREL = 8;
/** A mutex's fast-path try (`Step.try`): an always-enabled write of the lock that acquires it when it is free. */
export const K_TRY = 9;
