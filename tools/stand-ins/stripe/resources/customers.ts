/** Customers: create, retrieve, update (the default payment method), delete (detaches its payment methods). */
import type { StripeResource } from '../server';
import { copy, expand, StripeApiError, type StripeObject, type StripeState } from '../state';
import { metadata, optionalObject, optionalString } from './params';

function findCustomer(state: StripeState, id: string): StripeObject {
  return state.require(id, 'customer');
}

export const customers: StripeResource = {
  routes: [
    {
      method: 'POST',
      path: '/v1/customers',
      handle: ({ body, state }) =>
        copy(
          state.put({
            id: state.newId('cus'),
            object: 'customer',
            created: state.now(),
            livemode: false,
            email: optionalString(body, 'email') ?? null,
            description: optionalString(body, 'description') ?? null,
            metadata: metadata(body),
            invoice_settings: { default_payment_method: null },
          }),
        ),
    },
    {
      method: 'GET',
      path: '/v1/customers/:id',
      handle: ({ params, state, expand: paths }) => {
        const found = state.get(params.id ?? '');
        if (found?.object === 'deleted-customer') return { id: found.id, object: 'customer', deleted: true };
        return expand(findCustomer(state, params.id ?? ''), paths, state);
      },
    },
    {
      method: 'POST',
      path: '/v1/customers/:id',
      handle: ({ params, body, state, expand: paths }) => {
        const customer = findCustomer(state, params.id ?? '');
        const settings = optionalObject(body, 'invoice_settings');
        if (settings && 'default_payment_method' in settings) {
          const pm = typeof settings.default_payment_method === 'string' ? settings.default_payment_method : '';
          if (pm !== '') {
            const method = state.require(pm, 'payment_method', 'invoice_settings[default_payment_method]');
            if (method.customer !== customer.id) {
              throw new StripeApiError(
                400,
                'invalid_request_error',
                `The customer does not have a payment method with the ID ${pm}. The payment method must be attached to the customer.`,
                { param: 'invoice_settings[default_payment_method]' },
              );
            }
          }
          customer.invoice_settings = { default_payment_method: pm === '' ? null : pm };
        }
        if (body.metadata !== undefined) customer.metadata = { ...(customer.metadata as object), ...metadata(body) };
        const email = optionalString(body, 'email');
        if (email !== undefined) customer.email = email;
        return expand(customer, paths, state);
      },
    },
    {
      method: 'DELETE',
      path: '/v1/customers/:id',
      handle: ({ params, state }) => {
        const customer = findCustomer(state, params.id ?? '');
        for (const method of state.all('payment_method')) {
          if (method.customer === customer.id) method.customer = null;
        }
        state.put({ id: customer.id, object: 'deleted-customer' });
        return { id: customer.id, object: 'customer', deleted: true };
      },
    },
  ],
};
