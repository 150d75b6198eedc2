/** The port the purchases feature reads products through (implemented in adapters/, injected by app/). */

/** One product as the in-skill products API described it to this customer, in this locale. */
export type { Product, ProductList } from './domain/products';

import type { ProductList } from './domain/products';

/** The customer's in-skill products for one turn. */
export interface ProductCatalogue {
  /** What the customer owns and may buy here; `{ available: false }` when the API failed or is slow. Never throws. */
  products(): Promise<ProductList>;
  /** After a purchase flow the products have changed: the next `products()` asks again. */
  forget(): void;
}
