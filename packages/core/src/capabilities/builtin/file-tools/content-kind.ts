/** How `read_file` presents a file, chosen by its extension. */
export type ContentKind =
  | { kind: 'image'; mediaType: string }
  | { kind: 'log' }
  | { kind: 'csv' }
  | { kind: 'binary' }
  | { kind: 'text' };

// The image types vision models accept.
const IMAGE_TYPES: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
};

const BINARY_EXTENSIONS = new Set(
  'wasm zip tar gz tgz bz2 xz zst 7z rar exe dll so dylib bin dat o a pyc class woff woff2 ttf otf eot ico bmp tiff tif psd mp3 mp4 wav ogg avi mov flv wmv pdf sqlite db'.split(
    ' ',
  ),
);

/** Classifies a path by its (case-insensitive) extension. */
export function contentKindOf(path: string): ContentKind {
  const name = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 ? name.slice(dot + 1) : '';
  const mediaType = IMAGE_TYPES[extension];
  if (mediaType) return { kind: 'image', mediaType };
  if (extension === 'log' || extension === 'out') return { kind: 'log' };
  if (extension === 'csv' || extension === 'tsv') return { kind: 'csv' };
  if (BINARY_EXTENSIONS.has(extension)) return { kind: 'binary' };
  return { kind: 'text' };
}
