export {
  FakeSlack,
  type FakeSlackOptions,
  type PostAsUserInput,
  type SignedRequestOptions,
  type SlackFailure,
  type SlackFile,
  type SlackMessage,
} from './fake-slack.js';
export {
  FakeTelegram,
  type FakeTelegramOptions,
  type PersonInput,
  type RecordedCall,
  type SentMessage,
  type TelegramFailure,
} from './fake-telegram.js';
