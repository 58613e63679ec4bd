import { registerEnumType } from 'type-graphql';

export enum PartnerKind {
  GOVERNMENT_BODY = 'GOVERNMENT_BODY',
  NGO = 'NGO',
  BANK = 'BANK',
  DONOR = 'DONOR',
}

export enum PartnerLinkKind {
  FINANCES = 'FINANCES',
  REFERS_MEMBERS = 'REFERS_MEMBERS',
  TRAINS = 'TRAINS',
  FACILITATES = 'FACILITATES',
}

registerEnumType(PartnerKind, { name: 'PartnerKind', description: 'What kind of organisation a partner is.' });
registerEnumType(PartnerLinkKind, { name: 'PartnerLinkKind', description: 'What a partner does for a node.' });
