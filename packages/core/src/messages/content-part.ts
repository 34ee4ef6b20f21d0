import { z } from 'zod';

/** A call the model asks for: `arguments` is the parsed JSON object (strings from the wire are parsed by drivers). */
export const ToolCall = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  arguments: z.unknown(),
});
export type ToolCall = z.output<typeof ToolCall>;

export const TextPart = z.object({ type: z.literal('text'), text: z.string() });
export const ImagePart = z.object({
  type: z.literal('image'),
  url: z.string().optional(),
  base64: z.string().optional(),
  mediaType: z.string().optional(),
});
export const ImageFilePart = z.object({ type: z.literal('image_file'), imageId: z.string(), filename: z.string().optional() });
export const ToolCallPart = z.object({ type: z.literal('tool_call'), ...ToolCall.shape });
export const ToolResultPart = z.object({
  type: z.literal('tool_result'),
  toolCallId: z.string().min(1),
  result: z.unknown().optional(),
  error: z.string().optional(),
});

/** One piece of a message's content, tagged by `type`. */
export const ContentPart = z.discriminatedUnion('type', [TextPart, ImagePart, ImageFilePart, ToolCallPart, ToolResultPart]);
export type ContentPart = z.output<typeof ContentPart>;
export type TextPart = z.output<typeof TextPart>;
export type ImagePart = z.output<typeof ImagePart>;
export type ImageFilePart = z.output<typeof ImageFilePart>;
export type ToolCallPart = z.output<typeof ToolCallPart>;
export type ToolResultPart = z.output<typeof ToolResultPart>;

/** An image a tool returns alongside its result. */
export const ToolResultImage = z.object({ base64: z.string(), mediaType: z.string() });
export type ToolResultImage = z.output<typeof ToolResultImage>;

export const text = (value: string): TextPart => ({ type: 'text', text: value });
