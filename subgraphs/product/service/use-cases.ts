import type { Clock } from '../../shared/ports/clock.js';
import type { IdGenerator } from '../../shared/ports/id-generator.js';
import type { UnitOfWork } from '../ports/unit-of-work.js';
import { CreateProduct } from './create-product.js';
import { GetProduct } from './get-product.js';
import { GetProducts } from './get-products.js';
import { ListProducts } from './list-products.js';
import { UpdateProduct } from './update-product.js';

/** Every use case of the product subgraph: what its resolvers and loaders call. */
export interface ProductUseCases {
  readonly getProduct: GetProduct;
  readonly getProducts: GetProducts;
  readonly listProducts: ListProducts;
  readonly createProduct: CreateProduct;
  readonly updateProduct: UpdateProduct;
}

/** The ports the product use cases run on. */
export interface ProductPorts {
  readonly uow: UnitOfWork;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}

/** Builds every product use case on `ports`. */
export function buildProductUseCases(ports: ProductPorts): ProductUseCases {
  return {
    getProduct: new GetProduct(ports.uow),
    getProducts: new GetProducts(ports.uow),
    listProducts: new ListProducts(ports.uow),
    createProduct: new CreateProduct(ports.uow, ports.clock, ports.ids),
    updateProduct: new UpdateProduct(ports.uow, ports.clock, ports.ids),
  };
}
