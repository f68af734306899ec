/**
 * Most of the server's response schemas list their properties without a `required` list, so the
 * generated types (schema.gen.ts) mark every one optional, although each handler always sets them
 * (reported to the server's owners: adding `required` to those schemas makes this a no-op).
 * The web reads such answers through Complete, which keeps the described names and types but
 * takes every property, at every depth, as present. Never apply it to a property a handler may
 * leave out (e.g. a mail suggestion's personId).
 */
export type Complete<T> = T extends readonly (infer Item)[]
  ? Complete<Item>[]
  : T extends object
    ? { [K in keyof T]-?: Complete<T[K]> }
    : T;
