import { idKind, type TypedId } from './typed-id.js';

export { idKind, InvalidIdError, type IdErrorKind, type IdKind, type TypedId } from './typed-id.js';

export const HarnessId = idKind('harness');
export type HarnessId = TypedId<'harness'>;
export const AgentId = idKind('agent');
export type AgentId = TypedId<'agent'>;
export const SessionId = idKind('session');
export type SessionId = TypedId<'session'>;
export const TurnId = idKind('turn');
export type TurnId = TypedId<'turn'>;
export const ExecId = idKind('exec');
export type ExecId = TypedId<'exec'>;
export const MessageId = idKind('message');
export type MessageId = TypedId<'message'>;
export const EventId = idKind('event');
export type EventId = TypedId<'event'>;
export const PrincipalId = idKind('principal');
export type PrincipalId = TypedId<'principal'>;
export const OrgId = idKind('org');
export type OrgId = TypedId<'org'>;
export const ModelId = idKind('model');
export type ModelId = TypedId<'model'>;
export const ProviderId = idKind('provider');
export type ProviderId = TypedId<'provider'>;
export const MemoryId = idKind('mem');
export type MemoryId = TypedId<'mem'>;

/** The org id written into LLM call metadata by the in-process runtime (org 0). */
export const IN_PROCESS_ORG_ID: OrgId = OrgId.fromSeed(0);
