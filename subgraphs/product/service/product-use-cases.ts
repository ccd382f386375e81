import type { CreateProduct } from './create-product.js';
import type { GetProduct } from './get-product.js';
import type { GetProducts } from './get-products.js';
import type { ListProducts } from './list-products.js';
import type { UpdateProduct } from './update-product.js';

/** Every use case of the product subgraph, as the composition root wires them. */
export interface ProductUseCases {
  readonly getProduct: GetProduct;
  readonly getProducts: GetProducts;
  readonly listProducts: ListProducts;
  readonly createProduct: CreateProduct;
  readonly updateProduct: UpdateProduct;
}
