export { registerAttachmentRoutes as registerRoutes } from './attachments.routes.ts';
export {
  fileBlobStore,
  memoryBlobStore,
  sha256Hex,
  type BlobStore,
  type StagedBlob,
} from './blob-store.ts';
