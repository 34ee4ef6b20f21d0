export {
  CONFORMANCE_MAX_FILE_BYTES,
  describeSessionFileSystemConformance,
  type SessionFileSystemConformanceOptions,
} from './session-file-system-conformance.js';
