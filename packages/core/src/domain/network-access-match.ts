import { NETWORK_NONE } from './network-access.js';

/**
 * Matching of URLs and hosts against a {@link NetworkAccessList}.
 *
 * A pattern is one of:
 * - an exact host (`api.example.com`, optionally with a port `localhost:8080`);
 * - `*.example.com`: any subdomain **and** the apex `example.com`;
 * - an `http://` or `https://` URL prefix: same scheme, host and port, and a
 *   path under the pattern's path (on a `/` boundary, so `/v1` does not admit
 *   `/v10`).
 *
 * Matching is case-insensitive. Blocked wins over allowed; an empty allowed
 * list allows everything not blocked; `<none>` in the allowed list blocks
 * everything. Blank entries are ignored and malformed patterns match nothing.
 */

/** The shape the matcher reads; both lists may be omitted. */
export interface NetworkAccessPatterns {
  allowed?: readonly string[];
  blocked?: readonly string[];
}

/** A pattern after parsing. */
type Pattern =
  | { kind: 'host'; host: string; withPort: boolean }
  | { kind: 'wildcard'; domain: string }
  | { kind: 'url'; protocol: string; hostname: string; host: string; path: string; search: string }
  | { kind: 'none' }
  | { kind: 'invalid' };

/** What a request is checked as: the parts of its URL, or a bare host. */
interface Target {
  hostname: string;
  /** hostname plus `:port` when a port is given. */
  host: string;
  /** Present for URL checks; absent when only the host is known. */
  url?: { protocol: string; path: string; pathAndSearch: string };
}

// A host with an explicit port: `name:123` or `[v6]:123`.
const HOST_WITH_PORT = /^(\[[^\]]+\]|[^:[\]]+):\d+$/;
const HOST_CHARS = /^[a-z0-9.\-_:[\]]+$/;

function stripTrailingDot(host: string): string {
  return host.endsWith('.') ? host.slice(0, -1) : host;
}

function parsePattern(raw: string): Pattern {
  const value = raw.trim().toLowerCase();
  if (value === NETWORK_NONE) return { kind: 'none' };
  if (value.startsWith('http://') || value.startsWith('https://')) {
    const url = safeUrl(value);
    if (!url || url.hostname === '') return { kind: 'invalid' };
    return {
      kind: 'url',
      protocol: url.protocol,
      hostname: stripTrailingDot(url.hostname),
      host: url.host,
      path: url.pathname,
      search: url.search,
    };
  }
  if (value.startsWith('*.')) {
    const domain = stripTrailingDot(value.slice(2));
    return domain !== '' && HOST_CHARS.test(domain) && !domain.includes('*') ? { kind: 'wildcard', domain } : { kind: 'invalid' };
  }
  if (!HOST_CHARS.test(value)) return { kind: 'invalid' };
  return { kind: 'host', host: stripTrailingDot(value), withPort: HOST_WITH_PORT.test(value) };
}

function safeUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

/** True when `path` lies under `prefix` on a segment boundary. */
function pathUnder(path: string, prefix: string): boolean {
  if (prefix === '/' || prefix === '' || path === prefix) return true;
  return path.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`);
}

function hostnameUnder(hostname: string, domain: string): boolean {
  return hostname === domain || hostname.endsWith(`.${domain}`);
}

/**
 * Does `pattern` match `target`? `mode` matters only for URL-prefix patterns
 * checked against a bare host: when allowing, some path of that host is
 * reachable, so the host passes (the URL check narrows later); when blocking,
 * only a pattern covering the whole origin blocks the host.
 */
function matches(pattern: Pattern, target: Target, mode: 'allow' | 'block'): boolean {
  switch (pattern.kind) {
    case 'host':
      return pattern.withPort ? target.host === pattern.host : target.hostname === pattern.host;
    case 'wildcard':
      return hostnameUnder(target.hostname, pattern.domain);
    case 'url': {
      if (!target.url) {
        if (target.hostname !== pattern.hostname) return false;
        return mode === 'allow' || (pattern.path === '/' && pattern.search === '');
      }
      if (target.url.protocol !== pattern.protocol || target.host !== pattern.host) return false;
      if (!pathUnder(target.url.path, pattern.path)) return false;
      return pattern.search === '' || target.url.pathAndSearch.startsWith(pattern.path + pattern.search);
    }
    default:
      return false;
  }
}

function parseList(list: readonly string[] | undefined): Pattern[] {
  const out: Pattern[] = [];
  for (const entry of list ?? []) if (entry.trim() !== '') out.push(parsePattern(entry));
  return out;
}

function decide(target: Target, list: NetworkAccessPatterns | undefined): boolean {
  if (!list) return true;
  for (const pattern of parseList(list.blocked)) if (matches(pattern, target, 'block')) return false;
  const allowed = parseList(list.allowed);
  if (allowed.length === 0) return true;
  if (allowed.some((pattern) => pattern.kind === 'none')) return false;
  return allowed.some((pattern) => matches(pattern, target, 'allow'));
}

function urlTarget(url: string): Target | undefined {
  const parsed = safeUrl(url.trim().toLowerCase());
  // A URL without a host (mailto:, file:///…) is not a network address: deny it.
  if (!parsed || parsed.hostname === '') return undefined;
  return {
    hostname: stripTrailingDot(parsed.hostname),
    host: parsed.host,
    url: { protocol: parsed.protocol, path: parsed.pathname, pathAndSearch: parsed.pathname + parsed.search },
  };
}

function hostTarget(host: string): Target | undefined {
  const value = host.trim().toLowerCase();
  if (value === '' || !HOST_CHARS.test(value)) return undefined;
  const parsed = safeUrl(`http://${value}`);
  if (!parsed || parsed.hostname === '' || parsed.pathname !== '/') return undefined;
  const hostname = stripTrailingDot(parsed.hostname);
  return { hostname, host: HOST_WITH_PORT.test(value) ? value : hostname };
}

/**
 * May a tool fetch `url` under `list`? No list means unrestricted. A URL that
 * cannot be parsed, or has no host, is denied.
 */
export function isUrlAllowed(url: string, list?: NetworkAccessPatterns): boolean {
  const target = urlTarget(url);
  if (!target) return false;
  return decide(target, list);
}

/**
 * May a tool connect to `host` (optionally `host:port`) under `list`? Used when
 * only the host is known (a socket, a proxy). URL-prefix patterns in the
 * allowed list admit their host; in the blocked list they block the host only
 * when they cover the whole origin. A malformed host is denied.
 */
export function isHostAllowed(host: string, list?: NetworkAccessPatterns): boolean {
  const target = hostTarget(host);
  if (!target) return false;
  return decide(target, list);
}

/**
 * True when every address `narrow` matches is also matched by `wide` (used to
 * intersect allowed lists: an overlay may only narrow). Conservative: when in
 * doubt it answers false.
 */
export function networkPatternCovers(narrow: string, wide: string): boolean {
  const n = parsePattern(narrow);
  const w = parsePattern(wide);
  if (n.kind === 'invalid' || w.kind === 'invalid' || n.kind === 'none' || w.kind === 'none') return false;
  if (n.kind === 'host') {
    const hostname = n.withPort ? n.host.replace(/:\d+$/, '') : n.host;
    if (w.kind === 'host') return w.withPort ? n.withPort && n.host === w.host : hostname === w.host;
    if (w.kind === 'wildcard') return hostnameUnder(hostname, w.domain);
    return false;
  }
  if (n.kind === 'wildcard') return w.kind === 'wildcard' && hostnameUnder(n.domain, w.domain);
  // n is a URL prefix.
  if (w.kind === 'host') return w.withPort ? n.host === w.host : n.hostname === w.host;
  if (w.kind === 'wildcard') return hostnameUnder(n.hostname, w.domain);
  if (n.protocol !== w.protocol || n.host !== w.host || !pathUnder(n.path, w.path)) return false;
  return w.search === '' || (n.path + n.search).startsWith(w.path + w.search);
}
