/** The codes the partner module answers, each with what it means (the API guide lists them too). */
export const PARTNER_ERRORS = {
  NOT_FOUND: 'no such partner, node or link, or a node outside your scope',
  UNKNOWN_COUNTRY: 'the network works in IR and VN',
  PARTNER_COUNTRY_MISMATCH: 'the partner works in another country than the node',
  INVALID_DATE: 'a link that ends before it starts',
} as const;

export type PartnerErrorCode = keyof typeof PARTNER_ERRORS;
