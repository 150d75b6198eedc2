/**
 * The account service's contract with the skill (issue 13, the card rail). The skill imports this folder and
 * nothing else of accounts/: it depends only on @aws-sdk/client-dynamodb, @aws-sdk/util-dynamodb,
 * @aws-sdk/client-sesv2 (email) and jose (tokens). docs/architecture.md, "Account service contract", describes it.
 */

export { AccountDirectory, type LinkedAccount, type LinkedAccountLookup } from './account-directory';
export { AccountActivity, type RecordResult, type RefundRequestResult } from './activity';
export { createSesEmailSender, type Email, EmailNotSentError, type EmailSender } from './email-sender';
export { CorruptAccountRecordError } from './fields';
export type { VoiceCodeState } from './profile';
export * from './records';
export { isAccountId } from './table';
export {
  type AccessTokenVerifier,
  createAccessTokenVerifier,
  DEFAULT_AUDIENCE,
  OFFSETS_SCOPE,
  type TokenVerification,
  type VerifiedAccessToken,
} from './token-verifier';
export { isFourDigitCode, VOICE_CODE_MAX_ATTEMPTS, type VoiceCodeCheck } from './voice-code';
