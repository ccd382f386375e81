/**
 * The static data of the public graphql-gateways-benchmark workload: six users, nine products with
 * their stock flags, and eleven reviews whose bodies are Cicero passages of the benchmark's lengths.
 */

/** An `accounts` user. */
export interface User {
  readonly id: string;
  readonly name: string;
  readonly username: string;
  readonly birthday: number;
}

/** A `products` product. */
export interface Product {
  readonly upc: string;
  readonly name: string;
  readonly price: number;
  readonly weight: number;
}

/** A `reviews` review. */
export interface Review {
  readonly id: string;
  readonly body: string;
  readonly productUpc: string;
}

const BIRTHDAY = 1234567890;

export const users: readonly User[] = [
  ['Uri Goldshtein', 'urigo'],
  ['Dotan Simha', 'dotansimha'],
  ['Kamil Kisiela', 'kamilkisiela'],
  ['Arda Tanrikulu', 'ardatan'],
  ['Gil Gardosh', 'gilgardosh'],
  ['Laurin Quast', 'laurin'],
].map(([name, username], index) => ({
  id: String(index + 1),
  name: name as string,
  username: username as string,
  birthday: BIRTHDAY,
}));

export const products: readonly Product[] = (
  [
    ['Table', 899, 100],
    ['Couch', 1299, 1000],
    ['Glass', 15, 20],
    ['Chair', 499, 100],
    ['TV', 1299, 1000],
    ['Lamp', 6999, 300],
    ['Grill', 3999, 2000],
    ['Fridge', 100000, 6000],
    ['Sofa', 9999, 800],
  ] as const
).map(([name, price, weight], index) => ({ upc: String(index + 1), name, price, weight }));

/** `inventory`'s stock flag by upc. */
export const inStockByUpc: ReadonlyMap<string, boolean> = new Map(
  [true, false, false, false, true, true, true, false, true].map((inStock, index) => [
    String(index + 1),
    inStock,
  ]),
);

const LOREM =
  'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore ' +
  'et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris nisi ut ' +
  'aliquip ex ea commodo consequat. Duis aute irure dolor in reprehenderit in voluptate velit esse cillum ' +
  'dolore eu fugiat nulla pariatur. Excepteur sint occaecat cupidatat non proident, sunt in culpa qui ' +
  'officia deserunt mollit anim id est laborum.';

const SED_UT =
  'Sed ut perspiciatis unde omnis iste natus error sit voluptatem accusantium doloremque laudantium, totam ' +
  'rem aperiam, eaque ipsa quae ab illo inventore veritatis et quasi architecto beatae vitae dicta sunt ' +
  'explicabo. Nemo enim ipsam voluptatem quia voluptas sit aspernatur aut odit aut fugit, sed quia ' +
  'consequuntur magni dolores eos qui ratione voluptatem sequi nesciunt. Neque porro quisquam est, qui ' +
  'dolorem ipsum quia dolor sit amet, consectetur, adipisci velit, sed quia non numquam eius modi tempora ' +
  'incidunt ut labore et dolore magnam aliquam quaerat voluptatem. Ut enim ad minima veniam, quis nostrum ' +
  'exercitationem ullam corporis suscipit laboriosam, nisi ut aliquid ex ea commodi consequatur? Quis ' +
  'autem vel eum iure reprehenderit qui in ea voluptate velit esse quam nihil molestiae consequatur, vel ' +
  'illum qui dolorem eum fugiat quo voluptas nulla pariatur?';

const AT_VERO =
  'At vero eos et accusamus et iusto odio dignissimos ducimus qui blanditiis praesentium voluptatum ' +
  'deleniti atque corrupti quos dolores et quas molestias excepturi sint occaecati cupiditate non ' +
  'provident, similique sunt in culpa qui officia deserunt mollitia animi, id est laborum et dolorum fuga. ' +
  'Et harum quidem rerum facilis est et expedita distinctio. Nam libero tempore, cum soluta nobis est ' +
  'eligendi optio cumque nihil impedit quo minus id quod maxime placeat facere possimus, omnis voluptas ' +
  'assumenda est, omnis dolor repellendus. Temporibus autem quibusdam et aut officiis debitis aut rerum ' +
  'necessitatibus saepe eveniet ut et voluptates repudiandae sint et molestiae non recusandae. Itaque ' +
  'earum rerum hic tenetur a sapiente delectus, ut aut reiciendis voluptatibus maiores alias consequatur ' +
  'aut perferendis doloribus asperiores repellat.';

/** `length` characters of a passage from `from` on, starting over at its beginning when it runs out. */
export function passage(text: string, from: number, length: number): string {
  let body = '';
  let at = from % text.length;
  while (body.length < length) {
    body += text.slice(at, at + length - body.length);
    at = 0;
    if (body.length < length) body += ' ';
  }
  return body;
}

// The four product-1 reviews repeat for product 2, with the lengths of the benchmark's bodies; the
// longest runs past the end of its passage and starts it again.
const long = passage(LOREM, 0, 445);
const first = passage(SED_UT, 0, 284);
const second = passage(SED_UT, 285, 287);
const short = passage(SED_UT, 568, 144);

export const reviews: readonly Review[] = (
  [
    [long, '1'],
    [first, '1'],
    [second, '1'],
    [short, '1'],
    [long, '2'],
    [first, '2'],
    [second, '2'],
    [short, '2'],
    [short, '3'],
    [short, '4'],
    [passage(AT_VERO, 0, 878), '4'],
  ] as const
).map(([body, productUpc], index) => ({ id: String(index + 1), body, productUpc }));
