export { countS3Requests, type S3RequestCounter } from './request-counter.js';
export { type StartTestS3ServerOptions, startTestS3Server, type TestS3Server } from './start-test-s3-server.js';
