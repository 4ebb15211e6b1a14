export { startOpenAiStub } from './openai-stub.js';
export type { OpenAiStub, ReceivedRequest, Responder, StubReply } from './openai-stub.js';
