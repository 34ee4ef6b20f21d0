import { z } from 'zod';

/**
 * Which hosts tools may reach. A pattern is an exact host, `*.example.com`
 * (subdomains and the apex) or an `http(s)://` URL prefix. Blocked wins; an
 * empty allowed list allows everything not blocked; `<none>` blocks all.
 */
export const NetworkAccessList = z.object({
  allowed: z.array(z.string()).default([]),
  blocked: z.array(z.string()).default([]),
});
export type NetworkAccessList = z.output<typeof NetworkAccessList>;

/** The sentinel an intersection of two disjoint allowed lists produces: nothing is allowed. */
export const NETWORK_NONE = '<none>';
