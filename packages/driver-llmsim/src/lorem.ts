const LOREM_WORDS = (
  'lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore et dolore magna aliqua ' +
  'ut enim ad minim veniam quis nostrud exercitation ullamco laboris nisi ut aliquip ex ea commodo consequat'
).split(' ');

/** `count` words of lorem ipsum joined by single spaces, starting "Lorem ipsum dolor…"; cycles through the classic text. */
export function loremIpsum(count: number): string {
  const words: string[] = [];
  for (let index = 0; index < count; index++) words.push(LOREM_WORDS[index % LOREM_WORDS.length]!);
  const text = words.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}
