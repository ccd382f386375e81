import type { Money } from '../domain/money.js';
import type { Price } from '../domain/price.js';

/** The `Price` type. */
export interface PriceDto {
  amount: number;
  currency: string;
  listAmount: number;
  saleAmount: number | null;
  validFrom: string;
  validTo: string | null;
}

/** The `Money` type. */
export interface MoneyDto {
  amount: number;
  currency: string;
}

/** A price as `Price`: `amount` is what a customer pays. */
export function toPriceDto(price: Price): PriceDto {
  return {
    amount: price.effectivePrice.amount,
    currency: price.currency.code,
    listAmount: price.listPrice.amount,
    saleAmount: price.salePrice?.amount ?? null,
    validFrom: price.validFrom.toISOString(),
    validTo: price.validTo?.toISOString() ?? null,
  };
}

/** An amount of money as `Money`. */
export function toMoneyDto(money: Money): MoneyDto {
  return { amount: money.amount, currency: money.currency.code };
}
