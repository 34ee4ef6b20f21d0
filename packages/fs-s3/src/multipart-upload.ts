import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  type S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { mapWithConcurrency } from './concurrency.js';

/** What a multipart upload needs: the same fields a PutObject would carry. */
export interface MultipartUploadInput {
  bucket: string;
  key: string;
  body: Buffer;
  partBytes: number;
  concurrency: number;
  metadata: Record<string, string>;
  contentType: string;
  /** Conditions go on CompleteMultipartUpload, where S3 evaluates them. */
  ifNoneMatch?: string;
  ifMatch?: string;
}

/**
 * Uploads a large body in parts (CreateMultipartUpload, UploadPart × n,
 * CompleteMultipartUpload). Any failure aborts the upload so no parts are
 * left behind, then rethrows; the object is replaced only when the upload
 * completes, so readers never see a partial file.
 */
export async function uploadInParts(client: S3Client, input: MultipartUploadInput): Promise<{ etag: string | undefined }> {
  const created = await client.send(
    new CreateMultipartUploadCommand({
      Bucket: input.bucket,
      Key: input.key,
      Metadata: input.metadata,
      ContentType: input.contentType,
    }),
  );
  const uploadId = created.UploadId;
  if (uploadId === undefined) throw new Error(`CreateMultipartUpload for ${input.key} returned no upload id`);
  try {
    const offsets: number[] = [];
    for (let offset = 0; offset < input.body.length; offset += input.partBytes) offsets.push(offset);
    const parts = await mapWithConcurrency(offsets, input.concurrency, async (offset, index) => {
      const partNumber = index + 1;
      const uploaded = await client.send(
        new UploadPartCommand({
          Bucket: input.bucket,
          Key: input.key,
          UploadId: uploadId,
          PartNumber: partNumber,
          Body: input.body.subarray(offset, offset + input.partBytes),
        }),
      );
      return { PartNumber: partNumber, ETag: uploaded.ETag };
    });
    const completed = await client.send(
      new CompleteMultipartUploadCommand({
        Bucket: input.bucket,
        Key: input.key,
        UploadId: uploadId,
        MultipartUpload: { Parts: parts },
        ...(input.ifNoneMatch === undefined ? {} : { IfNoneMatch: input.ifNoneMatch }),
        ...(input.ifMatch === undefined ? {} : { IfMatch: input.ifMatch }),
      }),
    );
    return { etag: completed.ETag };
  } catch (error) {
    await client.send(new AbortMultipartUploadCommand({ Bucket: input.bucket, Key: input.key, UploadId: uploadId })).catch(() => undefined);
    throw error;
  }
}
