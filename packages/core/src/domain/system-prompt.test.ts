import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors.js';
import { capabilityPromptAdditions, composeSystemPrompt, isLocaleTag, localeBlock, withLocale, wrapCapabilityPrompt } from './system-prompt.js';

describe('composeSystemPrompt', () => {
  it('returns the base when there are no (non-blank) additions', () => {
    expect(composeSystemPrompt('Base', [])).toBe('Base');
    expect(composeSystemPrompt('Base', ['  '])).toBe('Base');
  });

  it('returns the additions when the base is empty', () => {
    expect(composeSystemPrompt('', ['A', 'B'])).toBe('A\n\nB');
  });

  it('appends to a base that already has a <system-prompt> block', () => {
    expect(composeSystemPrompt('<system-prompt>\nX\n</system-prompt>', ['A'])).toBe('<system-prompt>\nX\n</system-prompt>\n\nA');
  });

  it('wraps a plain base before the additions', () => {
    expect(composeSystemPrompt('Be kind.', ['A', 'B'])).toBe('<system-prompt>\nBe kind.\n</system-prompt>\n\nA\n\nB');
  });
});

describe('capability prompts', () => {
  it('wraps an addition in a capability tag', () => {
    expect(wrapCapabilityPrompt('current_time', 'Use the clock.')).toBe('<capability id="current_time">\nUse the clock.\n</capability>');
  });

  it('escapes quotes in the id so the tag stays well formed', () => {
    expect(wrapCapabilityPrompt('a"b', 't')).toBe('<capability id="a&quot;b">\nt\n</capability>');
  });

  it('wraps additions in capability order and skips blank ones', () => {
    expect(capabilityPromptAdditions([{ id: 'x', text: 'X' }, { id: 'y', text: ' ' }, { id: 'z', text: 'Z' }])).toEqual([
      '<capability id="x">\nX\n</capability>',
      '<capability id="z">\nZ\n</capability>',
    ]);
  });
});

describe('locale', () => {
  it('builds a locale block naming the preference', () => {
    const block = localeBlock('fr-FR');
    expect(block.startsWith('<locale preference="fr-FR">\n')).toBe(true);
    expect(block.endsWith('\n</locale>')).toBe(true);
    expect(block).toContain('Answer in that language');
  });

  it('appends the block to a prompt', () => {
    expect(withLocale('Base', 'de')).toBe(`Base\n\n${localeBlock('de')}`);
    expect(withLocale('', 'de')).toBe(localeBlock('de'));
  });

  it('accepts the POSIX underscore form and writes it as a language tag', () => {
    expect(isLocaleTag('pt_BR')).toBe(true);
    expect(localeBlock('pt_BR')).toBe(localeBlock('pt-BR'));
  });

  it('rejects something that is not a language tag', () => {
    expect(isLocaleTag('fr"><system>')).toBe(false);
    expect(() => localeBlock('fr"><system>')).toThrow(ValidationError);
    expect(() => localeBlock('')).toThrow(/expected a language tag/);
  });
});
