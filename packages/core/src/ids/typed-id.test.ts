import { describe, expect, it } from 'vitest';
import { AgentId, InvalidIdError, SessionId, idKind } from './index.js';

function parseError(run: () => unknown): InvalidIdError {
  try {
    run();
  } catch (error) {
    if (error instanceof InvalidIdError) return error;
    throw error;
  }
  throw new Error('expected an InvalidIdError');
}

describe('TypedId', () => {
  it('round-trips a generated id through parse, its UUID and JSON', () => {
    const id = SessionId.generate();
    expect(id).toMatch(/^session_[0-9a-f]{32}$/);
    expect(SessionId.parse(id)).toBe(id);
    expect(SessionId.fromUuid(SessionId.uuid(id))).toBe(id);
    expect(SessionId.schema.parse(JSON.parse(JSON.stringify({ id })).id)).toBe(id);
  });

  it('generates UUID v7 ids that sort in creation order', () => {
    const ids = Array.from({ length: 5 }, () => AgentId.generate());
    expect([...ids].sort()).toEqual(ids);
    expect(AgentId.uuid(ids[0] as AgentId)[14]).toBe('7');
  });

  it('formats fromSeed as 32 zero-padded hex digits', () => {
    expect(AgentId.fromSeed(1)).toBe('agent_00000000000000000000000000000001');
    expect(AgentId.fromSeed(255n)).toBe('agent_000000000000000000000000000000ff');
    expect(AgentId.uuid(AgentId.fromSeed(1))).toBe('00000000-0000-0000-0000-000000000001');
    expect(() => AgentId.fromSeed(-1)).toThrow(RangeError);
    expect(() => AgentId.fromSeed(1n << 128n)).toThrow(RangeError);
  });

  it('builds an id from plain hex, dashed or uppercase UUIDs alike, and refuses anything else', () => {
    const hex = '0190f3c2a1b27c3d8e9f00112233aabb';
    expect(SessionId.fromUuid(hex)).toBe(`session_${hex}`);
    expect(SessionId.fromUuid('0190F3C2-A1B2-7C3D-8E9F-00112233AABB')).toBe(`session_${hex}`);
    expect(AgentId.fromUuid(hex)).toBe(`agent_${hex}`);
    expect(parseError(() => SessionId.fromUuid('0190f3c2a1b27c3d8e9f00112233aabz')).kind).toBe('InvalidHex');
    expect(parseError(() => SessionId.fromUuid('0190f3c2')).kind).toBe('InvalidLength');
  });

  it('remembers only valid ids: a bad id after a good one is still refused', () => {
    const good = SessionId.fromSeed(7);
    expect(SessionId.is(good)).toBe(true);
    expect(SessionId.is(good)).toBe(true);
    expect(SessionId.is(`${good}0`)).toBe(false);
    expect(SessionId.is(good.toUpperCase())).toBe(false);
    expect(SessionId.parse(good)).toBe(good);
    expect(parseError(() => SessionId.parse(good.replace('session_', 'agent_'))).kind).toBe('InvalidPrefix');
    expect(parseError(() => SessionId.parse(42 as unknown as string)).kind).toBe('InvalidPrefix');
    expect(SessionId.is(42)).toBe(false);
  });

  it('rejects uppercase hex', () => {
    const error = parseError(() => SessionId.parse('session_0190F3C2A1B27C3D8E9F00112233AABB'));
    expect(error.kind).toBe('InvalidHex');
    expect(SessionId.is('session_0190F3C2A1B27C3D8E9F00112233AABB')).toBe(false);
  });

  it('rejects a wrong length', () => {
    expect(parseError(() => SessionId.parse('session_0190f3c2')).kind).toBe('InvalidLength');
    expect(parseError(() => SessionId.parse(`session_${'a'.repeat(33)}`)).kind).toBe('InvalidLength');
  });

  it('rejects a wrong or missing prefix', () => {
    const agent = AgentId.fromSeed(1);
    expect(parseError(() => SessionId.parse(agent)).kind).toBe('InvalidPrefix');
    expect(parseError(() => SessionId.parse('0'.repeat(32))).kind).toBe('InvalidPrefix');
    expect(parseError(() => idKind('mem').parse(`memo_${'0'.repeat(32)}`)).kind).toBe('InvalidPrefix');
  });

  it('names the expected form in parse and schema errors', () => {
    const error = parseError(() => SessionId.parse('nope'));
    expect(error.message).toContain('expected "session_" followed by 32 lowercase hex characters');
    const result = SessionId.schema.safeParse('session_XYZ');
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toContain('expected "session_" followed by 32 lowercase hex characters');
  });
});

describe('generated ids (UUID v7)', () => {
  it('are valid v7 UUIDs that sort in creation order, even within one millisecond', async () => {
    const { SessionId } = await import('./index.js');
    const ids = Array.from({ length: 5000 }, () => SessionId.generate());
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids.slice(0, 50)) {
      const uuid = SessionId.uuid(id);
      expect(uuid[14]).toBe('7');
      expect('89ab').toContain(uuid[19]);
    }
    const ms = Number.parseInt(SessionId.uuid(ids[0] as never).replaceAll('-', '').slice(0, 12), 16);
    expect(Math.abs(ms - Date.now())).toBeLessThan(60_000);
  });
});
