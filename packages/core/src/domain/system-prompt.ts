import { ValidationError } from '../errors.js';

/**
 * System-prompt composition (SPEC §1.7): the base prompt from the overlay
 * fold, then the capabilities' additions, then the locale block.
 */

const SYSTEM_PROMPT_TAG = '<system-prompt>';

/**
 * Combines the base prompt with additions (joined by a blank line; blank
 * additions are skipped):
 * - no additions → `base`;
 * - blank `base` → the additions;
 * - `base` already containing `<system-prompt>` → `base + "\n\n" + additions`;
 * - otherwise → `"<system-prompt>\n{base}\n</system-prompt>\n\n{additions}"`.
 */
export function composeSystemPrompt(base: string, additions: readonly string[]): string {
  const joined = additions.filter((addition) => addition.trim() !== '').join('\n\n');
  if (joined === '') return base;
  if (base.trim() === '') return joined;
  if (base.includes(SYSTEM_PROMPT_TAG)) return `${base}\n\n${joined}`;
  return `${SYSTEM_PROMPT_TAG}\n${base}\n</system-prompt>\n\n${joined}`;
}

/** Escapes a value placed inside a double-quoted XML-style attribute. */
function escapeAttribute(value: string): string {
  return value.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;');
}

/** Wraps a capability's prompt addition: `<capability id="ID">\n{text}\n</capability>`. */
export function wrapCapabilityPrompt(id: string, text: string): string {
  return `<capability id="${escapeAttribute(id)}">\n${text}\n</capability>`;
}

/** One capability's contribution to the system prompt. */
export interface CapabilityPromptAddition {
  id: string;
  text: string;
}

/** Wraps each non-blank addition with {@link wrapCapabilityPrompt}, in capability order. */
export function capabilityPromptAdditions(additions: readonly CapabilityPromptAddition[]): string[] {
  const out: string[] = [];
  for (const { id, text } of additions) if (text.trim() !== '') out.push(wrapCapabilityPrompt(id, text));
  return out;
}

// BCP 47 shape: a 2-8 letter language, then alphanumeric subtags (`en`, `fr-FR`, `zh-Hant-TW`).
const LOCALE = /^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/;

/** True when `locale` looks like a BCP 47 language tag such as `fr-FR` (POSIX `fr_FR` is accepted too). */
export function isLocaleTag(locale: string): boolean {
  return LOCALE.test(locale.replaceAll('_', '-'));
}

/**
 * The block that tells the model to answer in `locale`. The tag is
 * validated because it comes from callers and ends up inside the prompt
 * (check with {@link isLocaleTag} first to skip a bad one instead of failing);
 * `fr_FR` is written as `fr-FR`.
 * @throws ValidationError when `locale` is not a language tag.
 */
export function localeBlock(rawLocale: string): string {
  const locale = rawLocale.trim().replaceAll('_', '-');
  if (!LOCALE.test(locale)) {
    throw new ValidationError(`invalid locale ${JSON.stringify(rawLocale)}: expected a language tag such as "fr-FR"`, [
      { path: 'locale', message: 'expected a language tag such as "fr-FR"' },
    ]);
  }
  return (
    `<locale preference="${locale}">\n` +
    `The user's preferred locale is ${locale}. Answer in that language and use its conventions for dates, numbers and units, ` +
    'unless the user explicitly asks for another language.\n' +
    '</locale>'
  );
}

/** Appends the {@link localeBlock} to a prompt (a blank prompt gives just the block). */
export function withLocale(prompt: string, locale: string): string {
  const block = localeBlock(locale);
  return prompt.trim() === '' ? block : `${prompt}\n\n${block}`;
}
