export { describeEventBusConformance } from './event-bus.conformance.js';
export { endsWithoutEvents, takeEvents } from './read-subscription.js';
