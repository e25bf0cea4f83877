/** Kinds of realistic text a column's name can ask for. */
export type FakerKind =
  | 'email' | 'first-name' | 'last-name' | 'full-name' | 'username' | 'phone' | 'street-address' | 'city' | 'state'
  | 'country' | 'postal-code' | 'url' | 'company' | 'job-title' | 'product-name' | 'sentence' | 'color' | 'currency-code'
  | 'slug' | 'word';
