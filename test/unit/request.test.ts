import type { HandlerInput } from 'ask-sdk-core';
import { intentName, resolveSlot, slotValue } from '../../lambda/src/conversation/request';
import { intentRequest, launchRequest } from '../support/envelopes';

const input = (requestEnvelope: HandlerInput['requestEnvelope']) => ({ requestEnvelope }) as HandlerInput;

describe('reading the request envelope', () => {
  it('reads no intent name from a LaunchRequest', () => {
    expect(intentName(input(launchRequest()))).toBeUndefined();
  });

  it('returns undefined for absent and empty slots', () => {
    const request = input(intentRequest('X', { filled: ' seattle ', empty: '' }));

    expect(slotValue(request, 'filled')).toBe('seattle');
    expect(slotValue(request, 'empty')).toBeUndefined();
    expect(slotValue(request, 'missing')).toBeUndefined();
  });

  it('reads an entity-resolution match', () => {
    const request = input(
      intentRequest('X', {
        product: {
          value: 'plus',
          resolutions: {
            resolutionsPerAuthority: [
              {
                authority: 'amzn1.er-authority.echo-sdk.skill.ProductName',
                status: { code: 'ER_SUCCESS_MATCH' },
                values: [{ value: { id: 'green_horizons_plus', name: 'Green Horizons Plus' } }],
              },
            ],
          },
        },
      }),
    );

    expect(resolveSlot(request, 'product')).toEqual({
      status: 'match',
      value: { id: 'green_horizons_plus', name: 'Green Horizons Plus' },
      spoken: 'plus',
    });
  });

  it('reports a no-match without crashing on the empty values list', () => {
    const request = input(
      intentRequest('X', {
        product: {
          value: 'a pony',
          resolutions: {
            resolutionsPerAuthority: [{ authority: 'a', status: { code: 'ER_SUCCESS_NO_MATCH' }, values: [] }],
          },
        },
      }),
    );

    expect(resolveSlot(request, 'product')).toEqual({ status: 'no-match', spoken: 'a pony' });
    expect(resolveSlot(request, 'other')).toEqual({ status: 'empty' });
  });
});
