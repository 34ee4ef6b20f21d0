export { DiskSessionFileSystem, type DiskSessionFileSystemOptions, diskSessionFileSystemFactory } from './disk-session-file-system.js';
