export { ChatRouter } from './chat-router.js';
export { parseCommand, tokenize, type ParsedCommand } from './command-parser.js';
export { Gateway, type GatewayOptions } from './gateway.js';
export { helpText } from './help-text.js';
export { createIdentityResolver } from './identity-resolver.js';
export { Notifier, type NotifierOptions } from './notifier.js';
export { RateLimiter } from './rate-limiter.js';
export { SignalPipeline, type SignalPipelineOptions } from './signal-intake.js';
export { parseSubscriptionFilter } from './subscription-filter.js';
