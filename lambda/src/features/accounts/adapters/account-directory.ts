/**
 * The accounts port on the account service's contract (accounts/src/contract): the access token verified locally
 * with jose against the service's key set (fetched once per container and cached, issuer and audience checked), then
 * one consistent read of the account in the accounts table. No call to the account service itself, whose Lambda may
 * be cold.
 */
import type {
  AccessTokenVerifier,
  AccountDirectory,
  LinkedAccount,
  VoiceCodeCheck,
} from '../../../../../accounts/src/contract';
import type { AccountSummary, AccountsDirectory, Identity, VoiceCodeAnswer } from '../ports';

export interface AccountsDirectoryOptions {
  readonly verify: AccessTokenVerifier;
  readonly directory: Pick<AccountDirectory, 'getLinkedAccount' | 'getAccount' | 'verifyVoiceCode'>;
  /** Told why an account could not be read (safe fields only). */
  readonly onUnavailable?: (error: unknown) => void;
}

function summary(account: LinkedAccount): AccountSummary {
  const payment = account.payment;
  return {
    accountId: account.accountId,
    card: payment
      ? {
          customerId: payment.stripeCustomerId,
          paymentMethodId: payment.card.paymentMethodId,
          brand: payment.card.brand,
          last4: payment.card.last4,
        }
      : undefined,
    voiceCode: account.voiceCode,
  };
}

export function createAccountsDirectory(options: AccountsDirectoryOptions): AccountsDirectory {
  const { verify, directory } = options;
  return {
    async identify(accessToken): Promise<Identity> {
      if (!accessToken) return { kind: 'link-needed', problem: 'not-linked' };
      const verified = await verify(accessToken);
      switch (verified.kind) {
        case 'expired':
          return { kind: 'link-needed', problem: 'expired' };
        case 'invalid':
          return { kind: 'link-needed', problem: 'invalid' };
        case 'unavailable':
          return { kind: 'unavailable' };
        case 'valid':
          break;
      }
      try {
        const found = await directory.getLinkedAccount(verified.token);
        return found.kind === 'revoked'
          ? { kind: 'link-needed', problem: 'revoked' }
          : { kind: 'linked', account: summary(found.account) };
      } catch (error) {
        options.onUnavailable?.(error);
        return { kind: 'unavailable' };
      }
    },

    async checkVoiceCode(accountId, digits): Promise<VoiceCodeAnswer> {
      const check: VoiceCodeCheck = await directory.verifyVoiceCode(accountId, digits);
      return check;
    },

    async account(accountId) {
      const found = await directory.getAccount(accountId);
      return found ? summary(found) : undefined;
    },
  };
}
